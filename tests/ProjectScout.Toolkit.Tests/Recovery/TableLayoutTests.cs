using ProjectScout.Model.Contracts;
using ProjectScout.Model.Environments;
using ProjectScout.Tests;
using ProjectScout.Toolkit.Contracts;
using ProjectScout.Toolkit.Lakehouse;
using ProjectScout.Toolkit.Layout;
using ProjectScout.Toolkit.Quality;

namespace ProjectScout.Toolkit.Tests.Recovery;

/// <summary>The layout declared in the contracts and the retention declared per environment, as the DDL and maintenance read them.</summary>
[TestFixture]
public sealed class TableLayoutTests
{
    [Test]
    public void Every_contract_clusters_date_first_and_the_clauses_carry_layout_and_retention()
    {
        var contracts = new ContractLoader(Repository.Layout.Contracts, LakehouseLoader.Load(Repository.Layout).LayerNames).Load();
        var clauses = new TableLayoutClauses(SqlDialect.Spark("main"), new RecoverySettings { TimeTravelDays = 14 });

        Assert.That(contracts.Tables.Where(t => !t.Layout.IsClustered).Select(t => t.Name.ToString()), Is.Empty, "every table declares clusterBy");
        Assert.That(contracts.Tables.Where(t => t.Column(t.Layout.ClusterBy[0])!.Type is not ("date" or "timestamp")).Select(t => t.Name.ToString()), Is.Empty, "the date first");
        var gold = contracts.Find(new TableName("gold", "reconstructed_transcripts"))!;
        Assert.That(clauses.CreateTable(gold, "`a` STRING"), Is.EqualTo(
            "CREATE TABLE IF NOT EXISTS `main`.`gold`.`reconstructed_transcripts` (`a` STRING) USING DELTA CLUSTER BY (`interaction_date`, `gold_timestamp`) " +
            "TBLPROPERTIES ('delta.deletedFileRetentionDuration' = 'interval 14 days', 'delta.logRetentionDuration' = 'interval 30 days')"));
        Assert.That(clauses.Conform(gold)[1], Is.EqualTo("ALTER TABLE `main`.`gold`.`reconstructed_transcripts` CLUSTER BY (`interaction_date`, `gold_timestamp`)"));
        Assert.That(clauses.Optimize(gold), Does.Not.Contain("ZORDER"));
        Assert.That(clauses.Vacuum(gold), Does.EndWith("RETAIN 336 HOURS"));
        Assert.That(new TableLayoutClauses(SqlDialect.Spark("main"), new RecoverySettings { TimeTravelDays = 60 }).TblProperties,
            Does.Contain("'delta.logRetentionDuration' = 'interval 60 days'"), "history is never shorter than the time-travel window");
    }

    [TestCase("[transcript_id]", "contract.layout-hash-key")]
    [TestCase("[agent_id, customer_id]", "contract.layout-hash-key")]
    [TestCase("[topic_categories]", "contract.layout")]
    [TestCase("[interaction_date, a, b, c, d]", "contract.layout")]
    [TestCase("[no_such_column]", "contract.unknown-column")]
    public void A_bad_layout_is_refused_at_its_line(string clusterBy, string code)
    {
        var root = Repository.NewScratchDirectory("layout-contract");
        try
        {
            var layout = new ToolkitLayout { Root = root };
            Repository.CopyDirectory(Repository.Layout.Contracts, layout.Contracts);
            var file = Path.Combine(layout.Contracts, "gold", "reconstructed_transcripts.yaml");
            var text = File.ReadAllText(file).Replace("clusterBy: [interaction_date, gold_timestamp]", "clusterBy: " + clusterBy, StringComparison.Ordinal);
            File.WriteAllText(file, text);

            var problems = new ContractLoader(layout.Contracts, LakehouseLoader.Load(Repository.Layout).LayerNames, layout.Display).TryLoad().Problems;

            var problem = problems.First(p => p.Code == code);
            Assert.That(problem.File, Is.EqualTo("templates/contracts/gold/reconstructed_transcripts.yaml"));
            Assert.That(problem.Line, Is.EqualTo(text.Split('\n').ToList().FindIndex(l => l.Contains("clusterBy:", StringComparison.Ordinal)) + 1));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
