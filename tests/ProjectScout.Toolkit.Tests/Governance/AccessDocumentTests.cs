using ProjectScout.Model.Contracts;
using ProjectScout.Model.Environments;
using ProjectScout.Toolkit.Contracts;
using ProjectScout.Toolkit.Environments;
using ProjectScout.Toolkit.Governance;
using ProjectScout.Toolkit.Lakehouse;

namespace ProjectScout.Toolkit.Tests.Governance;

/// <summary>ACCESS.md is generated from governance.yaml, the contracts and the environment's principals, and follows them.</summary>
[TestFixture]
public sealed class AccessDocumentTests
{
    [Test]
    public void Access_document_names_principals_masks_filters_permissions_and_follows_a_removed_classification()
    {
        var layout = Repository.Layout;
        var lakehouse = LakehouseLoader.Load(layout);
        var governance = GovernanceLoader.Load(layout.Governance, lakehouse.LayerNames);
        var contracts = new ContractLoader(layout.Contracts, lakehouse.LayerNames).Load();
        var environment = new EnvironmentCatalog(layout.Environments).Load("dev");
        var catalog = environment.Databricks.Catalog;

        var document = AccessDocument.Render(governance, contracts, lakehouse, environment, ["Juicer daily medallion (dev)"]);

        Assert.That(document, Does.Contain($"| pipeline | `{environment.Principals.RunAsApplicationId}` |"));
        Assert.That(document, Does.Contain($"| analysts | `{environment.Principals.Groups["analysts"]}` | account group |"));
        // Nobody but the pipeline on bronze: the bronze row has privileges in the pipeline's column only.
        var bronze = document.Split('\n').Single(l => l.StartsWith($"| bronze (`{catalog}.bronze`)", StringComparison.Ordinal)).Split('|').Select(c => c.Trim()).ToList();
        Assert.That(bronze.Skip(3).Take(3), Has.All.EqualTo("—"));
        Assert.That(bronze[2], Does.Contain("`SELECT`"));
        foreach (var table in contracts.Tables)
        {
            foreach (var column in table.Columns.Where(c => c.Classification == "pii"))
            {
                Assert.That(document, Does.Contain($"| `{table.Name}` | `{column.Name}` | string | pii | `{catalog}.{governance.FunctionSchema}.mask_pii_string` |"));
            }
        }

        Assert.That(document, Does.Contain("| `platinum.insight_actions` | `status` |"));
        Assert.That(document, Does.Contain("| jobs | `Juicer daily medallion (dev)` |"));
        Assert.That(document, Does.Contain("NAT gateway").And.Contain("| application | `api.anthropic.com` | HTTPS 443 |"));

        // A classification removed from a contract column: its mask row goes, the document says it is read in clear by all readers.
        var gold = contracts.Tables.Single(t => t.Name == new TableName("gold", "reconstructed_transcripts"));
        var planted = new ContractSet(contracts.Tables.Select(t => t != gold ? t : t with
        {
            Columns = t.Columns.Select(c => c.Name == "customer_id" ? c with { Classification = null } : c).ToList(),
        }).ToList(), contracts.Layers);
        var changed = AccessDocument.Render(governance, planted, lakehouse, environment, []);
        Assert.That(changed, Does.Not.Contain("| `gold.reconstructed_transcripts` | `customer_id` |"));
        Assert.That(changed, Does.Contain("| `gold.reconstructed_transcripts` | pipeline, engineers, analysts | pipeline, engineers | `agent_id` (pii), `full_transcript` (confidential) |"));
    }

    [Test]
    public void Behind_a_firewall_the_document_lists_the_rules_its_administrator_must_set_and_says_the_toolkit_does_not()
    {
        var layout = Repository.Layout;
        var lakehouse = LakehouseLoader.Load(layout);
        var governance = GovernanceLoader.Load(layout.Governance, lakehouse.LayerNames);
        var contracts = new ContractLoader(layout.Contracts, lakehouse.LayerNames).Load();
        var environment = new EnvironmentCatalog(layout.Environments).Load("prod");
        environment.Network.Egress = new EgressSettings { Mode = EgressSettings.Firewall, FirewallIp = "10.100.0.4" };

        var document = AccessDocument.Render(governance, contracts, lakehouse, environment, []);

        Assert.That(document, Does.Contain("firewall at `10.100.0.4`").And.Contain("does not deploy or configure that firewall"));
        foreach (var host in governance.LlmProviderHosts)
        {
            Assert.That(document, Does.Contain($"| application | `{host}` | HTTPS 443 |"));
        }

        Assert.That(document.Split('\n').Count(l => l.StartsWith("| application |", StringComparison.Ordinal)), Is.EqualTo(governance.LlmProviderHosts.Count));
        Assert.That(document, Does.Contain("| network | `AzureDatabricks (service tag)` | TCP 443 |"));
    }
}
