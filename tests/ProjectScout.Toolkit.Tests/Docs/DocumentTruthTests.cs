using System.Text.Json.Nodes;
using ProjectScout.Model.Environments;
using ProjectScout.Model.Lakehouse;
using ProjectScout.Model.Layout;
using ProjectScout.Toolkit.Docs;
using ProjectScout.Toolkit.Environments;
using ProjectScout.Toolkit.Lakehouse;
using ProjectScout.Toolkit.Layout;

namespace ProjectScout.Toolkit.Tests.Docs;

/// <summary>
/// The documents are true: they change when the inputs lose a feature. Runs on a scratch copy of the real contracts, with a
/// small fixture snapshot and job standing in for compiled artifacts (no bicep process needed). The infrastructure rows,
/// which need the real compiled templates, are covered by <see cref="InfraDocumentTruthTests"/>.
/// </summary>
[TestFixture]
public sealed class DocumentTruthTests() : DocsScratchFixture("docs-truth")
{
    [Test]
    public void Removing_the_lifecycle_policy_from_the_snapshot_turns_its_rows_red_and_changes_the_architecture()
    {
        var before = Generate();
        Assert.That(Row(before.Alignment, "lake.raw-tiering"), Does.Contain("✅"));
        Assert.That(Row(before.Alignment, "lake.retention-expiry"), Does.Contain("✅"));
        Assert.That(before.Architecture, Does.Contain("tierToCool after 30 days since last modification for `bronze/landing/`"));

        DocsFixtures.WriteSnapshot(Artifacts, DocsFixtures.Snapshot(Environment, withLifecyclePolicy: false));
        var after = Generate();

        Assert.That(Row(after.Alignment, "lake.raw-tiering"), Does.Contain("❌").And.Contain("no Microsoft.Storage/storageAccounts/managementPolicies in the snapshots"));
        Assert.That(after.Architecture, Does.Not.Contain("tierToCool"));
        Assert.That(after.Architecture, Does.Contain("No lifecycle rule in the snapshots targets `bronze/`."));
        Assert.That(after.Architecture, Does.Contain("Absent: no storage lifecycle policy in the snapshots."));
    }

    [Test]
    public void Removing_a_layers_contracts_turns_its_quality_gate_red_and_drops_its_tables()
    {
        var before = Generate();
        Assert.That(Row(before.Alignment, "contracts.quality-gate", "gold"), Does.Contain("✅"));
        Assert.That(before.Architecture, Does.Contain("`insight_pulse_ai_sbx.gold.transcript_brands`"));

        foreach (var file in Directory.EnumerateFiles(Path.Combine(Layout.Contracts, "gold")))
        {
            File.Delete(file);
        }

        // The silver→gold reference rules now point nowhere; keep the test about gold by dropping references to it.
        var after = Generate(allowContractProblems: true);

        Assert.That(Row(after.Alignment, "contracts.quality-gate", "gold"), Does.Contain("❌").And.Contain("no gold contracts"));
        Assert.That(Row(after.Alignment, "contracts.quality-gate", "silver"), Does.Contain("✅"));
        Assert.That(after.Architecture, Does.Not.Contain("gold.transcript_brands"));
        Assert.That(after.Architecture, Does.Contain("No gold table contract exists."));
    }

    [Test]
    public void Job_cluster_without_autoscale_or_policy_is_reported_with_the_job_and_field()
    {
        var before = Generate();
        Assert.That(Row(before.Alignment, "jobs.autoscale"), Does.Contain("✅"));
        Assert.That(before.Architecture, Does.Contain("| daily_medallion | `bronze_cluster` | Standard_D4ds_v5 | 1–2 workers | `policy:bronze` |"));

        DocsFixtures.WriteJob(Artifacts, autoscale: false);
        var after = Generate();

        Assert.That(Row(after.Alignment, "jobs.autoscale"), Does.Contain("❌").And.Contain("daily_medallion.job_clusters[bronze_cluster].new_cluster.autoscale = (absent)"));
        Assert.That(after.Architecture, Does.Contain("fixed 2 workers"));
    }

    [Test]
    public void Performance_rows_follow_the_rendered_jobs_spark_settings_and_maintenance_schedule()
    {
        RenderRealJobs();
        var before = Generate();
        Assert.That(Row(before.Alignment, "jobs.optimized-writes", "juicer_weekly_insights_summary"), Does.Contain("✅"));
        Assert.That(Row(before.Alignment, "jobs.disk-cache", "juicer_daily_medallion"), Does.Contain("✅"));
        Assert.That(Row(before.Alignment, "jobs.table-maintenance"), Does.Contain("✅").And.Contain("juicer_weekly_maintenance.maintenance runs"));

        // Drop optimized writes and the disk cache from the gold/platinum cluster profile's settings, and the maintenance job.
        var conf = Path.Combine(Root, "templates/lakehouse.yaml");
        var declared = File.ReadAllText(conf);
        const string goldConf = "      spark.sql.shuffle.partitions: \"96\"\n      spark.databricks.io.cache.enabled: \"true\"\n      spark.databricks.delta.optimizeWrite.enabled: \"true\"\n";
        Assert.That(declared, Does.Contain(goldConf), "the test's edit must apply");
        File.WriteAllText(conf, declared.Replace(goldConf, "      spark.sql.shuffle.partitions: \"96\"\n", StringComparison.Ordinal));
        File.Delete(Path.Combine(Root, "templates/jobs/juicer_weekly_maintenance.json.scriban"));
        RenderRealJobs();
        var after = Generate();

        Assert.That(Row(after.Alignment, "jobs.optimized-writes", "juicer_weekly_insights_summary"), Does.Contain("❌").And.Contain("= (absent)"));
        Assert.That(Row(after.Alignment, "jobs.optimized-writes", "juicer_daily_medallion.job_clusters[BronzeLayerProcessing]"), Does.Contain("✅"), "other layers keep theirs");
        Assert.That(Row(after.Alignment, "jobs.disk-cache", "juicer_daily_medallion"), Does.Contain("❌"));
        Assert.That(Row(after.Alignment, "jobs.table-maintenance"), Does.Contain("❌").And.Contain("no scheduled job runs a notebook with OPTIMIZE"));
        Assert.That(after.Architecture, Does.Not.Contain("juicer_weekly_maintenance"));
    }

    [Test]
    public void Without_artifacts_the_documents_claim_nothing()
    {
        Directory.Delete(Artifacts.Root, recursive: true);
        var docs = Generate();

        Assert.That(docs.Architecture, Does.Contain("No snapshot exists for this environment"));
        Assert.That(docs.Architecture, Does.Contain("No job is rendered for this environment."));
        Assert.That(docs.Architecture, Does.Contain("Absent: no privateEndpoints, networkSecurityGroups, vaults, privateDnsZones in the snapshots."));
        Assert.That(Row(docs.Alignment, "infra.policy-results"), Does.Contain("❌"));
        Assert.That(Row(docs.Alignment, "monitoring.daily-cap"), Does.Contain("⚠️").And.Contain("no Microsoft.OperationalInsights/workspaces in the snapshots (no snapshots built)"),
            "an environment may run without a cap: the advisory rule reports a gap, not a defect");
        Assert.That(Row(docs.Alignment, "jobs.retries"), Does.Contain("❌").And.Contain("no rendered jobs"));
    }

    [Test]
    public void Deployment_record_appears_only_when_the_environment_has_one()
    {
        Assert.That(Generate().Architecture, Does.Contain("This environment has no deployment record and no plan."));

        File.WriteAllText(Path.Combine(Artifacts.Root, LakehouseModelLoader.DeploymentRecordFile),
            """{"projectscout-phase1": "deployment=projectscout-sandbox-phase1-14a8cabc7879;version=0.1.23;commit=ee74b74dde33;time=2026-11-22T18:50:00Z;run=4711", "Project": "ProjectScout"}""");
        Directory.CreateDirectory(Artifacts.Plan);
        File.WriteAllText(Path.Combine(Artifacts.Plan, "phase1.json"), """{"summary": {"create": 0, "update": 2, "delete": 0, "noChange": 64}, "changes": []}""");
        var docs = Generate();

        Assert.That(docs.Architecture, Does.Contain("| 1 | 2026-11-22T18:50:00Z | 0.1.23 | `ee74b74dde33` | 4711 | `projectscout-sandbox-phase1-14a8cabc7879` |"));
        Assert.That(docs.Architecture, Does.Contain("| 1 | 0 | 2 | 0 | 64 |"));
        Assert.That(docs.Architecture, Does.Not.Contain("phase 2 deployed"));
    }

    [Test]
    public void Html_renders_tables_and_the_diagram_with_the_shared_mermaid_script()
    {
        var shared = Path.Combine(Layout.Assets, MermaidScript.FileName);
        Directory.CreateDirectory(Layout.Assets);
        File.WriteAllText(shared, "// stand-in");
        Generate(shared);
        var html = File.ReadAllText(Path.Combine(Artifacts.Docs, "MEDALLION_ENHANCED_ARCHITECTURE.html"));

        Assert.That(html, Does.Contain("<table>"));
        Assert.That(html, Does.Contain("class=\"mermaid\">flowchart TB"));
        Assert.That(html, Does.Contain("<script src=\"../../assets/mermaid.min.js\"></script>"), "one shared copy, relative to the page");
        Assert.That(File.Exists(Path.Combine(Artifacts.Docs, Path.GetRelativePath(Artifacts.Docs, shared))), Is.True, "the relative path resolves");
        Assert.That(html, Does.Not.Contain("http://").And.Not.Contain("https://"), "the page must render with no network");
        Assert.That(File.Exists(Path.Combine(Artifacts.Docs, MermaidScript.FileName)), Is.False, "no copy beside each page");
    }

    [Test]
    public void Without_the_mermaid_script_the_html_shows_the_diagram_source_and_says_so()
    {
        Generate();
        var html = File.ReadAllText(Path.Combine(Artifacts.Docs, "MEDALLION_ENHANCED_ARCHITECTURE.html"));

        Assert.That(html, Does.Contain("class=\"mermaid\">flowchart TB"), "the source is in the page");
        Assert.That(html, Does.Contain(".mermaid:not([data-processed]){white-space:pre"), "kept preformatted");
        Assert.That(html, Does.Contain("shown as its Mermaid source").And.Not.Contain("<script"));
    }

    [Test]
    public void A_regex_in_a_table_cell_is_code_not_emphasis()
    {
        RenderRealJobs();
        var architecture = Generate().Architecture;
        var html = File.ReadAllText(Path.Combine(Artifacts.Docs, "MEDALLION_ENHANCED_ARCHITECTURE.html"));

        Assert.That(architecture, Does.Contain("| `^tr_[0-9]+_c[0-9]+$` |"));
        Assert.That(html, Does.Contain("<code>^tr_[0-9]+_c[0-9]+$</code>"));
        Assert.That(html, Does.Not.Contain("<em>"), "no cell text turns into emphasis");
    }

    [TestCase("a_b*c _x", "a_b\\*c \\_x")]
    [TestCase("x | y", "x \\| y")]
    [TestCase("`code_1` and_ text", "`code_1` and\\_ text")]
    [TestCase("[link](x) <b> <= 2 jobs[x]", "[link\\](x) \\<b> <= 2 jobs[x]")]
    public void Cells_escape_markdown_outside_code_spans(string text, string cell) =>
        Assert.That(MarkdownText.Cell(text), Is.EqualTo(cell));

    [Test]
    public void Code_spans_hold_backticks_and_pipes() =>
        Assert.That((MarkdownText.Code("a|b"), MarkdownText.Code("x`y"), MarkdownText.Code("")), Is.EqualTo(("`a\\|b`", "``x`y``", "")));

    [Test]
    public void The_markdown_flavour_chooses_the_diagram_fence_and_the_html_is_the_same()
    {
        var github = Generate().Architecture;
        var githubHtml = File.ReadAllText(Path.Combine(Artifacts.Docs, "MEDALLION_ENHANCED_ARCHITECTURE.html"));
        var model = LakehouseModelLoader.Load(Layout, Environment, Artifacts);
        DocumentationGenerator.Generate(model, Artifacts, mermaidScript: null, MarkdownFlavor.AzureDevOps);
        var devops = File.ReadAllText(Path.Combine(Artifacts.Docs, ArchitectureDocument.FileName));

        Assert.That(github, Does.Contain("```mermaid\nflowchart TB\n").And.Not.Contain("::: mermaid"));
        Assert.That(devops, Does.Contain("::: mermaid\nflowchart TB\n").And.Contain("\n:::\n").And.Not.Contain("```mermaid"));
        Assert.That(devops.Replace("::: mermaid\n", "```mermaid\n").Replace("\n:::\n", "\n```\n"), Is.EqualTo(github), "only the fence differs");
        Assert.That(File.ReadAllText(Path.Combine(Artifacts.Docs, "MEDALLION_ENHANCED_ARCHITECTURE.html")), Is.EqualTo(githubHtml), "the HTML does not depend on the flavour");
    }

    /// <summary>Renders the scratch copy's real notebooks, jobs and policies (replacing the fixture job).</summary>
    private void RenderRealJobs()
    {
        Directory.Delete(Artifacts.Jobs, recursive: true);
        var contracts = new ProjectScout.Toolkit.Contracts.ContractLoader(Layout.Contracts, LakehouseLoader.Load(Layout).LayerNames).Load();
        new ProjectScout.Toolkit.Rendering.WorkspaceRenderer(Layout, LakehouseLoader.Load(Layout)).Render(Environment, contracts, force: true);
    }

    private (string Architecture, string Alignment) Generate(string? mermaidScript = null) => Generate(false, mermaidScript);

    private (string Architecture, string Alignment) Generate(bool allowContractProblems, string? mermaidScript = null)
    {
        LakehouseModel model;
        try
        {
            model = LakehouseModelLoader.Load(Layout, Environment, Artifacts);
        }
        catch (ProjectScout.Model.Diagnostics.ProblemsException) when (allowContractProblems)
        {
            // A removed contract leaves dangling references in the others; the contract loader reports them, and the
            // documents are then generated from the contracts that still load.
            var (set, _) = new ProjectScout.Toolkit.Contracts.ContractLoader(Layout.Contracts, LakehouseLoader.Load(Layout).LayerNames).TryLoad();
            model = new LakehouseModel
            {
                Environment = Environment,
                Lakehouse = LakehouseLoader.Load(Layout),
                Contracts = set,
                SnapshotPhases = [1],
                Resources = LakehouseModelLoader.LoadSnapshots(Artifacts.Snapshots, p => p, []).Resources,
                Workspace = ProjectScout.Toolkit.Workspace.WorkspaceBundle.Load(Artifacts, Environment.Databricks.NotebookRoot),
            };
        }

        DocumentationGenerator.Generate(model, Artifacts, mermaidScript);
        return (File.ReadAllText(Path.Combine(Artifacts.Docs, ArchitectureDocument.FileName)),
                File.ReadAllText(Path.Combine(Artifacts.Docs, WafAlignmentDocument.FileName)));
    }

    /// <summary>The alignment table row of a rule (and, when given, the one mentioning <paramref name="about"/>).</summary>
    private static string Row(string document, string ruleId, string? about = null)
    {
        var rows = document.Split('\n').Where(l => l.StartsWith('|') && l.Contains($"`{ruleId}`", StringComparison.Ordinal)
                                                   && (about is null || l.Contains(about, StringComparison.Ordinal))).ToList();
        Assert.That(rows, Has.Count.EqualTo(1), $"one row for {ruleId} {about}");
        return rows[0];
    }
}
