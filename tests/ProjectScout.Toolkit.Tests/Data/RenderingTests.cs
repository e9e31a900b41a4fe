using ProjectScout.Model.Diagnostics;
using ProjectScout.Toolkit.Contracts;
using ProjectScout.Toolkit.Environments;
using ProjectScout.Toolkit.Lakehouse;
using ProjectScout.Toolkit.Layout;
using ProjectScout.Toolkit.Rendering;
using ProjectScout.Toolkit.Workspace;

namespace ProjectScout.Toolkit.Tests.Data;

[TestFixture]
public sealed class RenderingTests
{
    [Test]
    public void Rendering_is_deterministic_and_every_artifact_validates_and_parses()
    {
        var root = Repository.CopyInputs("render");
        try
        {
            var layout = new ToolkitLayout { Root = root };
            var environment = new EnvironmentCatalog(layout.Environments).Load("prod");
            var contracts = new ContractLoader(layout.Contracts, LakehouseLoader.Load(layout).LayerNames).Load();
            var renderer = new WorkspaceRenderer(layout, LakehouseLoader.Load(layout));
            var artifacts = layout.For("prod");

            var first = renderer.Render(environment, contracts, force: true);
            var hashes = Hashes(artifacts.Root);
            var second = renderer.Render(environment, contracts, force: true);
            var skipped = renderer.Render(environment, contracts);

            Assert.That((first.Notebooks, first.Jobs, first.Policies), Is.EqualTo((11, 4, 5)), "one policy per cluster profile, plus the standard class's own");
            Assert.That(second.Written, Is.Zero, "a second render writes nothing");
            Assert.That(skipped.Skipped, Is.True, "unchanged inputs skip rendering");
            Assert.That(Hashes(artifacts.Root), Is.EqualTo(hashes));
            File.AppendAllText(Path.Combine(artifacts.Jobs, "juicer_daily_medallion.json"), " ");
            Assert.That(renderer.Render(environment, contracts).Written, Is.EqualTo(1), "a hand-edited artifact is rendered again");

            var bundle = WorkspaceBundle.Load(artifacts, environment.Databricks.NotebookRoot);
            Assert.That(bundle.Notebooks.Select(n => n.WorkspacePath), Does.Contain("/Shared/InsightPulseAI/Juicer/data_quality/bronze_quality"));
            Assert.That(bundle.Jobs.Select(j => j.Key), Is.EqualTo(new[] { "juicer_daily_backup", "juicer_daily_medallion", "juicer_weekly_insights_summary", "juicer_weekly_maintenance" }));
            var validator = new BundleValidator(layout, a => renderer.TemplateOf(artifacts, a));
            Assert.That(validator.Validate(bundle), Is.Empty);
            Assert.That(validator.ParsePython(bundle.Notebooks), Is.Empty);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Test]
    public void A_broken_python_notebook_is_reported_by_the_python_parser()
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes("# Databricks notebook source\nx = 1\n\n# COMMAND ----------\n\n# MAGIC %sql\n# MAGIC SELECT 1\n\n# COMMAND ----------\n\ndef broken(:\n    pass\n");
        var notebook = new BundleNotebook("n", "/n", NotebookLanguage.Python, bytes, "", Path.Combine(Repository.Root, "n.py"));
        var problems = new BundleValidator(Repository.Layout, _ => null).ParsePython([notebook]);
        Assert.That(problems.Select(p => (p.File, p.Line)), Is.EqualTo(new[] { ("n.py", 11) }));
    }

    [Test]
    public void An_unknown_template_variable_fails_with_template_file_and_line()
    {
        var problems = RenderBroken("notebooks/juicer_ingest_bronze.py.scriban", text => text.Replace("{{ py catalog }}", "{{ py catalgo }}", StringComparison.Ordinal), "notebooks/_shared/parameters.py.scriban");
        var problem = problems.Single();
        Assert.That(problem.File, Is.EqualTo("notebooks/_shared/parameters.py.scriban"));
        Assert.That(problem.Line, Is.EqualTo(22));
        Assert.That(problem.Message, Does.Contain("catalgo"));
    }

    [Test]
    public void A_job_graph_with_a_cycle_or_unknown_keys_fails_with_template_file_and_line()
    {
        var problems = RenderAndValidate("templates/jobs/juicer_weekly_insights_summary.json.scriban", text => text
            .Replace("\"task_key\": \"weekly_insights\",", "\"task_key\": \"weekly_insights\", \"depends_on\": [{\"task_key\": \"platinum_quality\"}],", StringComparison.Ordinal)
            .Replace("\"task_key\": {{ json platinum.gate.task_key }},\n      \"depends_on\": [{\"task_key\": \"weekly_insights\"}],\n      \"job_cluster_key\": {{ json profile.job_cluster_key }}",
                "\"task_key\": \"platinum_quality\",\n      \"depends_on\": [{\"task_key\": \"weekly_insights\"}, {\"task_key\": \"ghost\"}],\n      \"job_cluster_key\": \"NoSuchCluster\"", StringComparison.Ordinal)
            .Replace("\"max_retries\": 0", "\"max_retrys\": 0", StringComparison.Ordinal));

        var template = "templates/jobs/juicer_weekly_insights_summary.json.scriban";
        Assert.That(problems.Select(p => p.Code), Is.SupersetOf(new[] { "job.cycle", "job.unknown-dependency", "job.unknown-cluster", "bundle.schema" }));
        Assert.That(problems.Where(p => p.Code.StartsWith("job.", StringComparison.Ordinal)).Select(p => p.File), Is.All.EqualTo(template));
        Assert.That(problems.Where(p => p.Code.StartsWith("job.", StringComparison.Ordinal)).Select(p => p.Line), Is.All.GreaterThan(0));
        Assert.That(problems.Single(p => p.Code == "bundle.schema").Message, Does.Contain("max_retrys"));
    }

    [Test]
    public void A_template_syntax_error_or_unknown_member_fails_with_template_file_and_line()
    {
        var parse = RenderBroken("templates/jobs/juicer_weekly_maintenance.json.scriban", text => text.Replace("{{ json databricks.schedules.weeklyMaintenance }}", "{{ if json databricks.schedules.weeklyMaintenance }}", StringComparison.Ordinal));
        Assert.That(parse.Select(p => (p.File, p.Code)), Has.Member(("templates/jobs/juicer_weekly_maintenance.json.scriban", "render.parse")));

        var member = RenderBroken("templates/jobs/juicer_weekly_maintenance.json.scriban", text => text.Replace("databricks.schedules.weeklyMaintenance", "databricks.schedules.weeklyMaintenence", StringComparison.Ordinal));
        var problem = member.Single();
        var expectedLine = Array.FindIndex(File.ReadAllLines(Path.Combine(Repository.Root, "templates/jobs/juicer_weekly_maintenance.json.scriban")),
            l => l.Contains("databricks.schedules.weeklyMaintenance", StringComparison.Ordinal)) + 1;
        Assert.That((problem.File, problem.Line, problem.Code), Is.EqualTo(("templates/jobs/juicer_weekly_maintenance.json.scriban", expectedLine, "render.template")));
        Assert.That(problem.Message, Does.Contain("weeklyMaintenence"));
    }

    [Test]
    public void A_python_syntax_error_in_a_template_is_reported_at_the_template_line()
    {
        var root = Repository.CopyInputs("render-python");
        try
        {
            var file = Path.Combine(root, "notebooks/maintenance/juicer_maintenance.py.scriban");
            var lines = File.ReadAllLines(file).ToList();
            var at = lines.FindIndex(l => l.StartsWith("for table, optimize, vacuum in TABLES:", StringComparison.Ordinal));
            lines[at] = "for table, optimize, vacuum in TABLES";
            File.WriteAllLines(file, lines);
            var layout = new ToolkitLayout { Root = root };
            var environment = new EnvironmentCatalog(layout.Environments).Load("sandbox");
            var renderer = new WorkspaceRenderer(layout, LakehouseLoader.Load(layout));
            renderer.Render(environment, new ContractLoader(layout.Contracts, LakehouseLoader.Load(layout).LayerNames).Load(), force: true);
            var artifacts = layout.For("sandbox");
            var bundle = WorkspaceBundle.Load(artifacts, environment);

            var problems = new BundleValidator(layout, a => renderer.TemplateOf(artifacts, a)).ParsePython(bundle.Notebooks);

            Assert.That(problems.Select(p => (p.File, p.Line)), Is.EqualTo(new[] { ("notebooks/maintenance/juicer_maintenance.py.scriban", at + 1) }));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Test]
    public void A_job_cluster_outside_its_policy_fails_the_conformance_check()
    {
        var problems = RenderAndValidate("templates/jobs/policies/_policy.json.scriban", text => text.Replace("\"maxValue\": {{ max_workers }}", "\"maxValue\": {{ max_workers - 1 }}", StringComparison.Ordinal));
        var conformance = problems.Where(p => p.Code == "job.policy-conformance").ToList();
        Assert.That(conformance, Is.Not.Empty);
        Assert.That(conformance.Select(p => p.Message), Is.All.Contains("autoscale.max_workers"));
        Assert.That(problems.Select(p => p.Code).Distinct(), Is.EqualTo(new[] { "job.policy-conformance" }));
    }

    [Test]
    public void Layer_notebooks_never_drop_tables_and_take_secrets_only_from_the_scope()
    {
        var root = Repository.CopyInputs("render-safety");
        try
        {
            var layout = new ToolkitLayout { Root = root };
            var environment = new EnvironmentCatalog(layout.Environments).Load("prod");
            new WorkspaceRenderer(layout, LakehouseLoader.Load(layout)).Render(environment, new ContractLoader(layout.Contracts, LakehouseLoader.Load(layout).LayerNames).Load(), force: true);
            var notebooks = WorkspaceBundle.Load(layout.For("prod"), environment).Notebooks
                .Select(n => (n.RelativePath, Text: System.Text.Encoding.UTF8.GetString(n.Content))).ToList();

            Assert.That(notebooks.Where(n => n.Text.Contains("DROP ", StringComparison.OrdinalIgnoreCase)).Select(n => n.RelativePath), Is.Empty);
            Assert.That(notebooks.Where(n => n.Text.Contains("MERGE INTO", StringComparison.Ordinal)).Select(n => n.RelativePath),
                Is.EquivalentTo(new[] { "juicer_ingest_bronze", "juicer_enrich_silver", "juicer_reconstruct_gold", "juicer_generate_platinum_insights", "juicer_summarise_weekly_insights" }));
            Assert.That(notebooks.Where(n => n.Text.Contains("dbutils.secrets.get(", StringComparison.Ordinal)).Select(n => n.Text),
                Is.All.Contains($"SECRET_SCOPE = \"{environment.Databricks.SecretScope}\""));
            Assert.That(notebooks.Where(n => n.RelativePath.StartsWith("data_quality/", StringComparison.Ordinal)).Select(n => n.Text),
                Is.All.Contains("raise RuntimeError").And.All.Contains(".saveAsTable(RESULTS_TABLE)"));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static IReadOnlyList<Problem> RenderBroken(string file, Func<string, string> edit, string? editFile = null)
    {
        var root = Repository.CopyInputs("render-broken");
        try
        {
            var target = Path.Combine(root, editFile ?? file);
            File.WriteAllText(target, edit(File.ReadAllText(target)));
            var layout = new ToolkitLayout { Root = root };
            var environment = new EnvironmentCatalog(layout.Environments).Load("sandbox");
            var error = Assert.Throws<ProblemsException>(() => new WorkspaceRenderer(layout, LakehouseLoader.Load(layout)).Render(environment, new ContractLoader(layout.Contracts, LakehouseLoader.Load(layout).LayerNames).Load(), force: true));
            return error!.Problems;
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static IReadOnlyList<Problem> RenderAndValidate(string file, Func<string, string> edit)
    {
        var root = Repository.CopyInputs("render-graph");
        try
        {
            var target = Path.Combine(root, file);
            var edited = edit(File.ReadAllText(target));
            Assert.That(edited, Is.Not.EqualTo(File.ReadAllText(target)), "the test's edit must apply");
            File.WriteAllText(target, edited);
            var layout = new ToolkitLayout { Root = root };
            var environment = new EnvironmentCatalog(layout.Environments).Load("sandbox");
            var renderer = new WorkspaceRenderer(layout, LakehouseLoader.Load(layout));
            renderer.Render(environment, new ContractLoader(layout.Contracts, LakehouseLoader.Load(layout).LayerNames).Load(), force: true);
            var artifacts = layout.For("sandbox");
            return new BundleValidator(layout, a => renderer.TemplateOf(artifacts, a)).Validate(WorkspaceBundle.Load(artifacts, environment.Databricks.NotebookRoot));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static Dictionary<string, string> Hashes(string folder) =>
        Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .ToDictionary(f => Path.GetRelativePath(folder, f), ProjectScout.Toolkit.IO.GeneratedFiles.Sha256OfFile);
}
