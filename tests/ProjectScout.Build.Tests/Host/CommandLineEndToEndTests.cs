using System.Text.RegularExpressions;

namespace ProjectScout.Build.Tests.Host;

/// <summary>The real host process, as ./build.sh runs it: exit codes and the one line a user sees.</summary>
public sealed class CommandLineEndToEndTests
{
    [Test]
    public async Task An_unknown_environment_gives_one_line_listing_the_valid_values()
    {
        var result = await HostProcess.RunAsync(Repository.Root, "--target=ValidateEnvironments", "--environment=nope");

        Assert.That(result.ExitCode, Is.Not.EqualTo(0));
        Assert.That(result.Error.Trim(), Is.EqualTo("Unknown environment 'nope' (argument --environment). Valid values: dev, prod, sandbox, stage."));
        Assert.That(result.Out, Does.Not.Contain("ValidateEnvironments"), "no task runs");
    }

    [Test]
    public async Task An_unknown_target_gives_one_line()
    {
        var result = await HostProcess.RunAsync(Repository.Root, "--target=Nope");

        Assert.That(result.ExitCode, Is.Not.EqualTo(0));
        Assert.That(result.Error.Trim().Split('\n'), Has.Length.EqualTo(1));
        Assert.That(result.Error, Does.Contain("Unknown target 'Nope'").And.Contain("Validate"));
    }

    [Test]
    public async Task Tree_lists_exactly_the_targets_users_run_and_tree_all_the_plumbing_too()
    {
        var result = await HostProcess.RunAsync(Repository.Root, "--tree");
        var all = await HostProcess.RunAsync(Repository.Root, "--tree", "--all");

        Assert.That(result.ExitCode, Is.EqualTo(0), result.All);
        Assert.That(NamesIn(result.Out), Is.EqualTo(BuildGraphTests.PublicTargets.Order(StringComparer.Ordinal)), "the README's target table");
        Assert.That(result.Out, Does.Match(@"Validate\s+.+\n\s+depends on: ValidateEnvironments, BuildInfra, CheckInfraPolicies, RenderWorkspace, ValidateWorkspace, ParseNotebooks\n"));
        Assert.That(all.ExitCode, Is.EqualTo(0), all.All);
        Assert.That(NamesIn(all.Out), Is.SupersetOf(BuildGraphTests.PublicTargets).And.Contains("BuildInfra (internal)").And.Contains("ResolveDeployTarget (internal)"));
    }

    private static List<string> NamesIn(string tree) =>
        tree.Split('\n').Skip(1).Where(l => l.Length > 0 && !char.IsWhiteSpace(l[0]))
            .Select(l => l.Contains(" (internal)", StringComparison.Ordinal) ? l[..(l.IndexOf(" (internal)", StringComparison.Ordinal) + 11)] : l.Split(' ')[0]).ToList();

    [Test]
    public async Task Version_prints_the_toolkit_Cake_and_Bicep_versions()
    {
        var result = await HostProcess.RunAsync(Repository.Root, "--version");

        Assert.That(result.ExitCode, Is.EqualTo(0), result.All);
        Assert.That(result.Out, Does.Match(@"^ProjectScout\.Build \S+\nBicep " + Regex.Escape(ProjectScout.Toolkit.Bicep.BicepCli.PinnedVersion) + @"\nCake 7\.\d+\.\d+\n$"));
    }

    [TestCase("--target=TestQuality", "--quality-rowz=8", "Unknown argument '--quality-rowz': did you mean --quality-rows?")]
    [TestCase("--target=Validate", "-WhatIff", "Unknown argument '-WhatIff': did you mean --what-if?")]
    [TestCase("--target=TestQuality", "--quality-rows=many", "Argument --quality-rows takes a whole number between 8 and 100000000, not 'many'.")]
    public async Task A_bad_argument_fails_in_one_line_before_any_task(string target, string argument, string message)
    {
        var result = await HostProcess.RunAsync(Repository.Root, target, argument);

        Assert.That(result.ExitCode, Is.EqualTo(1));
        Assert.That(result.Error.Trim().Split('\n'), Has.Length.EqualTo(1));
        Assert.That(result.Error.Trim(), Does.StartWith(message));
        Assert.That(result.Out, Does.Not.Contain("Setup"), "no task, not even Setup, runs");
    }

    [Test]
    public async Task A_broken_environment_file_fails_before_any_task_with_file_and_line()
    {
        var root = Repository.CopyInputs("broken-env");
        try
        {
            var path = Path.Combine(root, "templates/environments/sandbox.yaml");
            File.WriteAllText(path, File.ReadAllText(path).Replace("storageAccount: tbwajuicerstgsbx", "storageAccount: Bad-Name"));

            var result = await HostProcess.RunAsync(root, "--target=Validate");

            Assert.That(result.ExitCode, Is.EqualTo(1));
            Assert.That(result.Error, Does.Match(@"templates/environments/sandbox\.yaml\(\d+,\d+\) env\.storage-account-name: 'Bad-Name'"));
            Assert.That(result.Out, Does.Not.Contain("ValidateEnvironments "), "Setup fails before any task runs");
            Assert.That(result.All, Does.Not.Contain("   at "), "no stack trace");
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Test]
    public async Task Clean_removes_artifacts_but_keeps_the_sandbox_state()
    {
        var root = Repository.CopyInputs("clean");
        try
        {
            Directory.CreateDirectory(Path.Combine(root, "artifacts/dev/infra"));
            File.WriteAllText(Path.Combine(root, "artifacts/dev/infra/phase1.json"), "{}");
            Directory.CreateDirectory(Path.Combine(root, "artifacts/sandbox/state"));
            File.WriteAllText(Path.Combine(root, "artifacts/sandbox/state/jobs.json"), "{}");
            Directory.CreateDirectory(Path.Combine(root, "artifacts/sandbox/jobs"));

            var result = await HostProcess.RunAsync(root, "--target=Clean");

            Assert.That(result.ExitCode, Is.EqualTo(0), result.All);
            Assert.That(Directory.Exists(Path.Combine(root, "artifacts/dev")), Is.False);
            Assert.That(Directory.Exists(Path.Combine(root, "artifacts/sandbox/jobs")), Is.False);
            Assert.That(File.Exists(Path.Combine(root, "artifacts/sandbox/state/jobs.json")), Is.True);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
