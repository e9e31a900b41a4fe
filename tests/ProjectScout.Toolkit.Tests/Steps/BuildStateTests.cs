using ProjectScout.Model.Diagnostics;
using ProjectScout.Model.Layout;
using ProjectScout.Toolkit.Bicep;
using ProjectScout.Toolkit.Configuration;
using ProjectScout.Toolkit.Layout;
using ProjectScout.Toolkit.Steps;

namespace ProjectScout.Toolkit.Tests.Steps;

/// <summary>The run's state is filled once and the steps work from it, not from files read again.</summary>
public sealed class BuildStateTests
{
    [Test]
    public async Task Validate_loads_each_environment_file_once_and_never_reads_it_again()
    {
        var root = Repository.CopyInputs("state-once");
        await using var bicep = new BicepSession();
        try
        {
            var (state, log) = NewState(root, () => bicep.Client);
            state.LoadEnvironments();
            state.LoadEnvironments();
            Assert.That(state.EnvironmentLoads, Is.EqualTo(4), "one load per environment file, however often it is asked for");

            // Every step after Setup works from the state: with the files gone, Validate still passes.
            foreach (var file in Directory.EnumerateFiles(state.Layout.Environments))
            {
                File.Delete(file);
            }

            await BuildSteps.ApplyAsync(state, BuildSteps.Validate);

            Assert.That(state.EnvironmentLoads, Is.EqualTo(4));
            Assert.That(state.Target.Infra, Is.Not.Null.And.Property(nameof(Toolkit.Infra.InfraBuildResult.HasErrors)).False);
            Assert.That(state.Target.Policies, Is.Not.Empty, "the policy results are handed on typed");
            Assert.That(state.Environments.Select(e => e.Workspace?.Jobs.Count), Is.All.EqualTo(4), "every environment's rendered bundle is in the state");
            Assert.That(log.Lines, Has.Some.Contains("python3 ast:"));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Test]
    public async Task A_template_mistake_is_one_problem_at_the_template_line_whatever_the_number_of_environments()
    {
        var root = Repository.CopyInputs("state-template");
        try
        {
            var template = "templates/jobs/juicer_weekly_insights_summary.json.scriban";
            var path = Path.Combine(root, template);
            var text = File.ReadAllText(path);
            Assert.That(text, Does.Contain("\"max_retries\": 0"), "the test's edit must apply");
            File.WriteAllText(path, text.Replace("\"max_retries\": 0", "\"max_retrys\": 0", StringComparison.Ordinal));
            var (state, _) = NewState(root, () => throw new AssertionException("rendering starts no Bicep"));
            state.LoadEnvironments();

            await BuildSteps.RenderWorkspace.ApplyAsync(state);
            var error = Assert.ThrowsAsync<ProblemsException>(() => BuildSteps.ValidateWorkspace.ApplyAsync(state));

            Assert.That(state.Environments, Has.Count.EqualTo(4));
            var problem = error!.Problems.Single();
            Assert.That((problem.File, problem.Code), Is.EqualTo((template, "bundle.schema")));
            Assert.That(problem.Line, Is.EqualTo(Array.FindIndex(File.ReadAllLines(path), l => l.Contains("max_retrys", StringComparison.Ordinal)) + 1));
            Assert.That(problem.Message, Does.Contain("max_retrys").And.Not.Contain("[rendered").And.Not.Contain("artifacts/"), "where it was found is data, not message text");
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Test]
    public async Task A_python_mistake_in_a_notebook_template_is_reported_at_the_template_line_once()
    {
        var root = Repository.CopyInputs("state-python");
        try
        {
            var notebook = "notebooks/juicer_enrich_silver.py.scriban";
            var path = Path.Combine(root, notebook);
            File.AppendAllText(path, "\n# COMMAND ----------\n\ndef broken(:\n    pass\n");
            var (state, _) = NewState(root, () => throw new AssertionException("rendering starts no Bicep"));
            state.LoadEnvironments();

            await BuildSteps.RenderWorkspace.ApplyAsync(state);
            var error = Assert.ThrowsAsync<ProblemsException>(() => BuildSteps.ParseNotebooks.ApplyAsync(state));

            var problem = error!.Problems.Single();
            Assert.That((problem.File, problem.Code), Is.EqualTo((notebook, "notebook.python-syntax")));
            Assert.That(problem.Line, Is.EqualTo(File.ReadAllLines(path).Length - 1));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Test]
    public async Task The_render_hands_on_the_bundle_it_wrote_typed_and_identical_to_the_files()
    {
        var root = Repository.CopyInputs("state-bundle");
        try
        {
            var (state, _) = NewState(root, () => throw new AssertionException("rendering starts no Bicep"));
            state.LoadEnvironments();

            await BuildSteps.RenderWorkspace.ApplyAsync(state);

            foreach (var environment in state.Environments)
            {
                Assert.That(environment.Render!.Skipped, Is.False);
                var memory = environment.Render.Bundle!;
                Assert.That(environment.Workspace, Is.SameAs(memory), "the state holds what the render produced, not a re-read");
                var disk = Toolkit.Workspace.WorkspaceBundle.Load(environment.Artifacts, environment.Definition);
                Assert.That(memory.Notebooks.Select(n => (n.WorkspacePath, n.Sha256, n.SourceFile)), Is.EqualTo(disk.Notebooks.Select(n => (n.WorkspacePath, n.Sha256, n.SourceFile))));
                Assert.That(memory.Jobs.Select(j => (j.Key, j.Sha256, j.Settings.ToJsonString())), Is.EqualTo(disk.Jobs.Select(j => (j.Key, j.Sha256, j.Settings.ToJsonString()))));
                Assert.That(memory.Policies.Select(p => (p.Key, p.Sha256, p.DefinitionJson)), Is.EqualTo(disk.Policies.Select(p => (p.Key, p.Sha256, p.DefinitionJson))));
                Assert.That(memory.Jobs, Has.Count.EqualTo(4));
            }
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Test]
    public void A_target_with_a_broken_environment_file_throws_its_problems_with_file_and_line()
    {
        var root = Repository.CopyInputs("state-broken");
        try
        {
            var path = Path.Combine(root, "templates/environments/dev.yaml");
            File.WriteAllText(path, File.ReadAllText(path).Replace("storageAccount: tbwa", "storageAccount: Bad-tbwa", StringComparison.Ordinal));
            var (state, _) = NewState(root, () => throw new AssertionException("no Bicep"), "dev");
            state.LoadEnvironments();

            Assert.That(state["sandbox"].IsValid, Is.True, "one broken file does not hide the others");
            var error = Assert.Throws<ProblemsException>(() => _ = state.TargetEnvironment);
            Assert.That(error!.Problems.Select(p => p.Code), Has.Member("env.storage-account-name"));
            Assert.That(error.Problems.First().File, Is.EqualTo("templates/environments/dev.yaml"));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static (BuildState State, ListLog Log) NewState(string root, Func<BicepClient> bicep, string environment = "sandbox")
    {
        var log = new ListLog();
        var settings = new RunSettings { EnvironmentName = environment };
        return (new BuildState(new ToolkitLayout { Root = root }, settings, log, bicep), log);
    }

    private sealed class ListLog : IRunLog
    {
        public List<string> Lines { get; } = [];

        public void Information(string line) => Lines.Add(line);

        public void Verbose(string line) => Lines.Add(line);

        public void Warning(string line) => Lines.Add("warning: " + line);

        public void Error(string line) => Lines.Add("error: " + line);
    }
}
