using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ProjectScout.Model.Contracts;
using ProjectScout.Model.Environments;
using ProjectScout.Model.Infra;
using ProjectScout.Model.Lakehouse;
using ProjectScout.Model.Layout;
using ProjectScout.Toolkit.Bicep;
using ProjectScout.Toolkit.Contracts;
using ProjectScout.Toolkit.Docs;
using ProjectScout.Toolkit.Environments;
using ProjectScout.Toolkit.Infra;
using ProjectScout.Toolkit.Lakehouse;
using ProjectScout.Toolkit.Layout;
using ProjectScout.Toolkit.Rendering;
using ProjectScout.Toolkit.Workspace;

namespace ProjectScout.Toolkit.Tests.Lakehouse;

/// <summary>
/// Adding a layer is data: a copy of the repository gets a fifth layer by editing only templates/lakehouse.yaml, adding
/// one contract and one notebook. The real loaders, renderer, bundle validator, Bicep build, policy check and document
/// generator then carry it into the daily job, its gate, the gate notebook, the policy, the alert filter and the docs.
/// </summary>
[TestFixture]
public sealed class FifthLayerTests
{
    private const string Environment = "sandbox";

    private const string Layer = """
          - name: diamond
            purpose: Curated insight digests published to partners.
            container: diamond
            cluster: goldPlatinum
            retention: Kept; Delta history vacuumed weekly after the default 7 days, never deleted by file age.
            work:
              summary: diamond digests
              notebook: juicer_publish_diamond
              timeoutSeconds: 1800
              maxRetries: 1
              minRetryIntervalMillis: 300000
              retryOnTimeout: false

        """;

    private const string Contract = """
        layer: diamond
        table: insight_digests
        description: One partner-facing digest per platinum insight.
        keys: [digest_id]
        columns:
          - name: digest_id
            type: string
            nullable: false
            sample: "'digest_' || i"
          - name: digest_text
            type: string
            nullable: false
            sample: "'Weekly digest'"
          - name: published_timestamp
            type: timestamp
            nullable: false
            sample: "TIMESTAMP '2026-01-01 00:00:00'"
        """;

    private const string Notebook = """
        {{~ notebook_title = "Diamond: publish insight digests" ~}}
        {{~ d = tables.diamond_insight_digests ~}}
        {{ include 'notebooks/_shared/header.py.scriban' ~}}

        # COMMAND ----------

        spark.sql(f"CREATE SCHEMA IF NOT EXISTS {{ d.schema }}")
        spark.sql("CREATE TABLE IF NOT EXISTS {{ d.full_name }} ({{ d.ddl_columns }}) USING DELTA")

        """;

    [Test]
    public async Task A_layer_added_to_the_declaration_reaches_the_job_gate_notebook_policy_alert_and_documents()
    {
        var root = Repository.CopyInputs("fifth-layer");
        try
        {
            var layout = new ToolkitLayout { Root = root };
            var declaration = File.ReadAllText(layout.Lakehouse);
            const string anchor = "\n# The lake storage account";
            Assert.That(declaration, Does.Contain(anchor), "the test's edit must apply");
            File.WriteAllText(layout.Lakehouse, declaration.Replace(anchor, "\n" + Layer + anchor[1..], StringComparison.Ordinal));
            Directory.CreateDirectory(Path.Combine(layout.Contracts, "diamond"));
            File.WriteAllText(Path.Combine(layout.Contracts, "diamond", "insight_digests.yaml"), Contract);
            File.WriteAllText(Path.Combine(layout.Notebooks, "juicer_publish_diamond.py.scriban"), Notebook);

            // Validate: the declaration, every environment, the contracts, the rendered bundle, the infrastructure and its policies.
            var lakehouse = LakehouseLoader.Load(layout);
            Assert.That(lakehouse.LayerNames, Is.EqualTo(new[] { "bronze", "silver", "gold", "platinum", "diamond" }));
            var catalog = new EnvironmentCatalog(layout.Environments, layout.Display, () => lakehouse.ClusterProfiles.Select(p => p.Key).ToList());
            Assert.That(catalog.Names.SelectMany(n => catalog.TryLoad(n).Problems), Is.Empty);
            var environment = catalog.Load(Environment);
            var contracts = new ContractLoader(layout.Contracts, lakehouse.LayerNames, layout.Display).Load();
            var renderer = new WorkspaceRenderer(layout, lakehouse);
            renderer.Render(environment, contracts, force: true);
            var artifacts = layout.For(Environment);
            var bundle = WorkspaceBundle.Load(artifacts, environment);
            var validator = new BundleValidator(layout, a => renderer.TemplateOf(artifacts, a));
            Assert.That(validator.Validate(bundle), Is.Empty);
            Assert.That(validator.ParsePython(bundle.Notebooks), Is.Empty);

            await using (var bicep = BicepClient.Start())
            {
                var infra = await new InfraBuildService(layout, _ => null).BuildAsync(environment, () => bicep);
                Assert.That(infra.HasErrors, Is.False, string.Join("\n", infra.Diagnostics));
            }

            Assert.That(new InfraPolicyResults(layout).Failures(Environment, new InfraPolicyResults(layout).Evaluate(environment).Results), Is.Empty);

            // The daily job runs the layer after platinum's gate, then its own gate.
            var daily = bundle.Jobs.Single(j => j.Key == "juicer_daily_medallion").Settings;
            var tasks = (daily["tasks"] as JsonArray)!.OfType<JsonObject>().ToDictionary(t => (string)t["task_key"]!);
            Assert.That(DependsOn(tasks["diamond"]), Is.EqualTo(new[] { "platinum_quality" }));
            Assert.That(DependsOn(tasks["diamond_quality"]), Is.EqualTo(new[] { "diamond" }));
            Assert.That((string)tasks["diamond"]["notebook_task"]!["notebook_path"]!, Is.EqualTo(environment.Databricks.NotebookRoot + "/juicer_publish_diamond"));
            Assert.That((string)tasks["diamond_quality"]["notebook_task"]!["notebook_path"]!, Is.EqualTo(environment.Databricks.NotebookRoot + "/data_quality/diamond_quality"));
            Assert.That((string)daily["description"]!, Does.Contain("platinum insights and diamond digests"));

            // The gate notebook is rendered from the layer's contract.
            var gate = bundle.Notebooks.Single(n => n.RelativePath == "data_quality/diamond_quality");
            var gateText = System.Text.Encoding.UTF8.GetString(gate.Content);
            Assert.That(gateText, Does.Contain("LAYER = \"diamond\"").And.Contain("insight_digests"));

            // The policy of the layer's cluster profile names it.
            var policy = bundle.Policies.Single(p => p.Key == "juicer_gold_platinum");
            Assert.That(policy.Name, Does.Contain("gold, platinum and diamond"));

            // The alert's gate filter (in the compiled snapshot) matches the new gate; the lake has the layer's container.
            var resources = (JsonNode.Parse(File.ReadAllText(Path.Combine(artifacts.Snapshots, "phase1.json")))!["predictedResources"] as JsonArray)!.OfType<JsonObject>().ToList();
            var alert = resources.Single(r => ((string)r["name"]!).EndsWith("-data-quality-gate-alert", StringComparison.Ordinal));
            var suffix = Regex.Match(FirstString(alert, "query")!, "TaskKey endswith \"([^\"]+)\"").Groups[1].Value;
            Assert.That(suffix, Is.Not.Empty);
            Assert.That("diamond_quality", Does.EndWith(suffix));
            Assert.That(resources.Select(r => (string)r["name"]!), Has.Some.EndsWith("/default/diamond"));

            // The architecture document describes the layer, its tables, its gate and its compute.
            var model = LakehouseModelLoader.Load(layout, environment, artifacts);
            DocumentationGenerator.Generate(model, artifacts, mermaidScript: null);
            var architecture = File.ReadAllText(Path.Combine(artifacts.Docs, ArchitectureDocument.FileName));
            Assert.That(architecture, Does.Contain("### Diamond").And.Contain("insight_digests").And.Contain("`juicer_daily_medallion.diamond_quality`")
                .And.Contain("Curated insight digests published to partners."));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static IEnumerable<string> DependsOn(JsonObject task) =>
        (task["depends_on"] as JsonArray ?? []).Select(d => (string)d!["task_key"]!);

    private static string? FirstString(JsonNode? node, string key) => node switch
    {
        JsonObject o => o[key] is JsonValue v && v.TryGetValue<string>(out var s) ? s : o.Select(p => FirstString(p.Value, key)).FirstOrDefault(s => s is not null),
        JsonArray a => a.Select(n => FirstString(n, key)).FirstOrDefault(s => s is not null),
        _ => null,
    };
}
