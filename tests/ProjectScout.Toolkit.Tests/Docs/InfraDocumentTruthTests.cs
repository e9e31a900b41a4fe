using ProjectScout.Model.Environments;
using ProjectScout.Model.Infra;
using ProjectScout.Model.Layout;
using ProjectScout.Toolkit.Bicep;
using ProjectScout.Toolkit.Docs;
using ProjectScout.Toolkit.Environments;
using ProjectScout.Toolkit.Infra;
using ProjectScout.Toolkit.Layout;

namespace ProjectScout.Toolkit.Tests.Docs;

/// <summary>
/// The alignment report's infrastructure rows are CheckInfraPolicies' results over the real compiled templates: removing a
/// feature from a template (in a scratch copy) turns exactly its rows red and changes the architecture document.
/// One real bicep process for the fixture; two builds of the sandbox phases.
/// </summary>
[TestFixture]
public sealed class InfraDocumentTruthTests
{
    private BicepClient _bicep = null!;
    private string _root = "";
    private ToolkitLayout _layout = null!;
    private EnvironmentDefinition _environment = null!;

    [OneTimeSetUp]
    public void Start()
    {
        _bicep = BicepClient.Start();
        _root = Repository.CopyInputs("docs-infra-truth");
        _layout = new ToolkitLayout { Root = _root };
        _environment = new EnvironmentCatalog(_layout.Environments).Load("sandbox");
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        await _bicep.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }

    [Test]
    public async Task Removing_TLS_enforcement_and_the_lifecycle_policy_from_the_templates_flips_their_rows()
    {
        var before = await BuildAndDocumentAsync();
        var lake = _environment.Names.StorageAccount;
        Assert.That(Row(before.Alignment, "storage.min-tls", $"'{lake}'"), Does.Contain("✅").And.Contain("(CheckInfraPolicies)"));
        Assert.That(Row(before.Alignment, "storage.lifecycle-present", $"'{lake}'"), Does.Contain("✅"));
        Assert.That(Row(before.Alignment, "lake.raw-tiering"), Does.Contain("✅").And.Contain("(Docs)"), "advisory rules feed the report only");
        Assert.That(Row(before.Alignment, "storage.hierarchical-namespace", $"'{lake}'"), Does.Contain("✅").And.Contain("(CheckInfraPolicies)"),
            "a gate's row is the result Validate saved");
        Assert.That(before.Architecture, Does.Contain("tierToCool after"));
        Assert.That(before.Architecture, Does.Contain($"`{lake}`"), "every resource is listed by name");
        // The diagram draws the infrastructure from the same snapshots: network, private endpoints, storage, vault, workspace, monitoring.
        var diagram = before.Architecture[before.Architecture.IndexOf("```mermaid", StringComparison.Ordinal)..];
        diagram = diagram[..diagram.IndexOf("\n```\n", StringComparison.Ordinal)];
        Assert.That(diagram, Does.StartWith("```mermaid\nflowchart TB\n"), "top to bottom: readable at page width");
        Assert.That(diagram, Does.Contain($"subgraph vnet_{_environment.Names.VirtualNetwork.Replace('-', '_')}[\"VNet {_environment.Names.VirtualNetwork} · "));
        Assert.That(diagram, Does.Contain("[\"subnet databricks-host<br/>").And.Contain("[\"subnet private-endpoints<br/>"));
        Assert.That(diagram, Does.Contain($"pe_{lake}{{{{\"private endpoints<br/>blob, dfs\"}}}}").And.Contain($"pe_{lake} --> res_{lake}"));
        Assert.That(diagram, Does.Match($@"res_{lake}\[\(""storage {lake}<br/>bronze, [a-z, -]*<br/>[a-z<>/, -]*silver\""\)\]"), "the lake with its containers, three a line");
        Assert.That(diagram, Does.Contain($"medallion -.-> res_{lake}"), "the layers live in the lake");
        Assert.That(diagram, Does.Contain($"[(\"Key Vault {_environment.Names.KeyVault}"));
        Assert.That(diagram, Does.Contain($"subgraph dbw[\"Databricks workspace {_environment.Names.DatabricksWorkspace}\"]").And.Contain("dbw -.- subnet_"));
        Assert.That(diagram, Does.Contain("subgraph monitoring[\"Monitoring\"]").And.Contain("m_diagnosticSettings -.-> m_workspaces"));
        var labelLines = System.Text.RegularExpressions.Regex.Matches(diagram, "\"([^\"]*)\"").SelectMany(m => m.Groups[1].Value.Split("<br/>")).ToList();
        Assert.That(labelLines.Max(l => l.Length), Is.LessThan(60), "short label lines keep the diagram narrow: " + labelLines.MaxBy(l => l.Length));

        // The infrastructure diagram: egress on the Databricks subnets, the connector's data role and firewall rule, the UC chain.
        var infrastructure = before.Architecture[before.Architecture.IndexOf("## Infrastructure and data path", StringComparison.Ordinal)..];
        infrastructure = infrastructure[..infrastructure.IndexOf("\n```\n", StringComparison.Ordinal)];
        var connector = _environment.Names.DatabricksWorkspace + "-access-connector";
        var connectorNode = "ac_" + connector.Replace('-', '_');
        Assert.That(infrastructure, Does.Contain("flowchart LR").And.Contain("[\"NAT gateway ").And.Contain("-- egress --> nat_"));
        Assert.That(System.Text.RegularExpressions.Regex.Matches(infrastructure, "-- egress -->").Count, Is.GreaterThanOrEqualTo(2), "both Databricks subnets");
        Assert.That(infrastructure, Does.Contain($"{connectorNode} -- \"Storage Blob Data Contributor<br/>admitted by the firewall\" --> res_{lake}"));
        Assert.That(infrastructure, Does.Contain($"{connectorNode} --> cred_{_environment.Databricks.Catalog}_lake").And.Contain("cred_" + _environment.Databricks.Catalog + "_lake --> uc_locations"));
        Assert.That(infrastructure, Does.Contain($"catalog {_environment.Databricks.Catalog}<br/>ISOLATED").And.Contain("bronze, data_quality"));
        Assert.That(infrastructure, Does.Contain($"uc_locations -. \"one per layer container\" .-> res_{lake}").And.Contain("dbw --> uc"));

        Edit("modules/storage-account.bicep", "minimumTlsVersion: 'TLS1_2'", "minimumTlsVersion: 'TLS1_0'");
        Edit("phase2.bicep", "module lifecycle 'modules/storage-lifecycle.bicep' = if (ownership.storageAccount) {",
            "module lifecycle 'modules/storage-lifecycle.bicep' = if (false) {");
        var after = await BuildAndDocumentAsync();

        Assert.That(Row(after.Alignment, "storage.min-tls", $"'{lake}'"), Does.Contain("❌").And.Contain("TLS1_0"));
        Assert.That(Row(after.Alignment, "storage.min-tls", $"'{_environment.Names.BackupStorageAccount}'"), Does.Contain("❌"),
            "the backup account uses the same module");
        Assert.That(Row(after.Alignment, "storage.lifecycle-present", $"'{lake}'"), Does.Contain("❌"));
        Assert.That(Row(after.Alignment, "storage.https-only", $"'{lake}'"), Does.Contain("✅"), "only the removed features change");
        Assert.That(after.Architecture, Does.Not.Contain("tierToCool"));
        Assert.That(after.Architecture, Does.Contain("Absent: no storage lifecycle policy in the snapshots."));
        Assert.That(after.Architecture, Does.Contain("No lifecycle rule in the snapshots targets `bronze/`."));
    }

    private async Task<(string Architecture, string Alignment)> BuildAndDocumentAsync()
    {
        var build = await new InfraBuildService(_layout).BuildAsync(_environment, () => _bicep);
        Assert.That(build.HasErrors, Is.False, string.Join("\n", build.Diagnostics));
        new InfraPolicyResults(_layout).EvaluateAndSave(_environment);
        var artifacts = _layout.For(_environment.Name);
        var model = LakehouseModelLoader.Load(_layout, _environment, artifacts);
        Assert.That(model.InfraPolicy, Is.Not.Null, model.InfraPolicyAbsence);
        DocumentationGenerator.Generate(model, artifacts, mermaidScript: null);
        return (File.ReadAllText(Path.Combine(artifacts.Docs, ArchitectureDocument.FileName)),
                File.ReadAllText(Path.Combine(artifacts.Docs, WafAlignmentDocument.FileName)));
    }

    private void Edit(string relative, string from, string to)
    {
        var path = Path.Combine(_layout.Infra, relative);
        var text = File.ReadAllText(path);
        Assert.That(text, Does.Contain(from), $"{relative} changed shape; update the test's edit");
        File.WriteAllText(path, text.Replace(from, to));
    }

    private static string Row(string document, string ruleId, string? about = null)
    {
        var rows = document.Split('\n').Where(l => l.StartsWith('|') && l.Contains($"`{ruleId}`", StringComparison.Ordinal)
                                                   && (about is null || l.Contains(about, StringComparison.Ordinal))).ToList();
        Assert.That(rows, Has.Count.EqualTo(1), $"one row for {ruleId} {about}");
        return rows[0];
    }
}
