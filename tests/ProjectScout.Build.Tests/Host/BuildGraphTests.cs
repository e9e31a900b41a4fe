using ProjectScout.Build.Hosting;
using ProjectScout.Toolkit.Steps;

namespace ProjectScout.Build.Tests.Host;

/// <summary>The real build's task graph: which tasks are targets, and that aggregates say what they do.</summary>
public sealed class BuildGraphTests
{
    /// <summary>The targets of the README's table: every other task is internal plumbing.</summary>
    public static readonly string[] PublicTargets =
    [
        "Validate", "Package", "TestQuality", "TestAccess", "DeployPhase1", "DeployPhase2", "DeployPhase3", "DeployAll", "Verify", "Docs",
        "RecordDeployment", "Restore", "Unlock", "Sandbox", "SandboxReset", "Clean",
    ];

    private static readonly IReadOnlyList<TaskEntry> Tasks = TaskCatalog.Discover(typeof(BuildContext).Assembly.GetTypes(), typeof(BuildContext));

    [Test]
    public void Only_the_targets_users_run_are_public()
    {
        Assert.That(Tasks.Where(t => t.IsPublic).Select(t => t.Name), Is.EquivalentTo(PublicTargets));
        Assert.That(Tasks.Where(t => !t.IsPublic).Select(t => t.Name), Does.Contain("BuildInfra").And.Contain("VerifyRelease").And.Contain("Bundle"));
    }

    [Test]
    public void Validate_and_Package_declare_the_steps_of_their_step_lists_in_order()
    {
        Assert.That(Members("Validate"), Is.EqualTo(BuildSteps.Validate.Select(s => s.Name)));
        var afterValidate = BuildSteps.Package.Skip(BuildSteps.Validate.Count).Select(s => s.Name);
        Assert.That(Members("Package"), Is.EqualTo(new[] { "Validate" }.Concat(afterValidate)));
        Assert.That(Members("DeployAll"), Is.EqualTo(new[] { "DeployPhase1", "DeployPhase2", "DeployPhase3" }));
    }

    [Test]
    public void No_task_declares_itself_a_dependee_an_aggregate_lists_its_own_members()
    {
        Assert.That(Tasks.Where(t => t.Dependees.Count > 0).Select(t => t.Name), Is.Empty);
    }

    [Test]
    public void The_host_assembly_does_not_reference_the_toolkit()
    {
        var references = typeof(BuildHost).Assembly.GetReferencedAssemblies().Select(a => a.Name);
        Assert.That(references, Does.Not.Contain("ProjectScout.Toolkit").And.Not.Contain("ProjectScout.Build"));
    }

    private static IReadOnlyList<string> Members(string aggregate) => Tasks.Single(t => t.Name == aggregate).Dependencies;
}
