using ProjectScout.Model.Contracts;
using ProjectScout.Model.Diagnostics;
using ProjectScout.Model.Environments;
using ProjectScout.Toolkit.Contracts;
using ProjectScout.Toolkit.Lakehouse;
using ProjectScout.Toolkit.Quality;

namespace ProjectScout.Toolkit.Tests.Data;

[TestFixture]
public sealed class QualityEngineTests
{
    private static readonly DateTimeOffset AsOf = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    [Test]
    public void Clean_sample_data_passes_and_each_planted_violation_fails_exactly_its_rule()
    {
        var contracts = new ContractLoader(Repository.Layout.Contracts, LakehouseLoader.Load(Repository.Layout).LayerNames).Load();
        var folder = Repository.NewScratchDirectory("quality");
        try
        {
            var report = LocalQualityRun.Run(contracts, folder, rows: 800, seed: 7, AsOf);

            Assert.That(report.CleanFailures.Select(f => $"{f.Table}.{f.Rule.Id}"), Is.Empty);
            Assert.That(report.Plantings.Select(p => p.Kind).Distinct(), Is.EquivalentTo(Enum.GetValues<RuleKind>()));
            Assert.That(report.Plantings.Select(p => p.Category), Does.Contain("unique (composite)"));
            foreach (var planting in report.Plantings)
            {
                Assert.That(planting.FailedRules, Is.EqualTo(new[] { $"{planting.Table}.{planting.TargetRule}" }), $"{planting.Kind}: {planting.Change}");
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Test]
    public void Composite_unique_rule_counts_duplicate_keys_on_real_duckdb()
    {
        var contract = new TableContract
        {
            Name = new TableName("gold", "pairs"),
            Description = "",
            Columns =
            [
                new ColumnContract("a", "string", true, [], null, null, null, null, 1),
                new ColumnContract("b", "int", true, [], null, null, null, null, 2),
            ],
            Keys = ["a", "b"],
            Rules = [new QualityRule { Id = "unique_a_b", Kind = RuleKind.Unique, Severity = RuleSeverity.Error, Columns = ["a", "b"] }],
            SourceFile = "pairs.yaml",
        };
        using var connection = DuckDbQualityRunner.Open();
        var runner = new DuckDbQualityRunner(connection);
        Execute(connection, "CREATE SCHEMA gold; CREATE TABLE gold.pairs AS SELECT * FROM (VALUES ('x', 1), ('x', 2), ('y', 1), ('x', 1), ('x', 1), (NULL, 1), (NULL, 1)) AS t(a, b)");

        var result = runner.Evaluate(QualityCompiler.Compile(contract, SqlDialect.DuckDb(AsOf))).Single();

        // ('x', 1) appears three times: two surplus rows. Rows with a null key part are left to not_null.
        Assert.That((result.Passed, result.FailingRows, result.TotalRows), Is.EqualTo((false, 2L, 7L)));
    }

    [Test]
    public void All_rules_of_a_table_run_in_one_aggregate_query_in_both_dialects()
    {
        var contracts = new ContractLoader(Repository.Layout.Contracts, LakehouseLoader.Load(Repository.Layout).LayerNames).Load();
        var mentions = contracts.Find(new TableName("silver", "transcript_entity_mentions"))!;
        foreach (var dialect in new[] { SqlDialect.Spark("cat"), SqlDialect.DuckDb(AsOf) })
        {
            var plan = QualityCompiler.Compile(mentions, dialect);
            Assert.That(plan.Queries, Has.Count.EqualTo(2), dialect.Name + ": one aggregate plus the reference anti-join");
            Assert.That(plan.Rules.Count(r => r.Query == 0), Is.EqualTo(mentions.Rules.Count - 1));
            Assert.That(plan.AggregateSql.Split(" FROM ").Length, Is.EqualTo(2), "the aggregate scans the table once");
        }

        Assert.That(QualityCompiler.Compile(mentions, SqlDialect.Spark("cat")).AggregateSql, Does.Contain("FROM `cat`.`silver`.`transcript_entity_mentions`").And.Contain("RLIKE"));
    }

    [TestCase(0.0, 1L)]
    [TestCase(0.5, 0L)]
    public void A_reconcile_counts_distinct_exactly_unless_its_tolerance_absorbs_an_approximation(double tolerance, long failing)
    {
        Assert.That(QualityCompiler.ApproximateDistinctTolerance, Is.GreaterThan(0.02), "HyperLogLog's error must fit inside the tolerance");
        TableContract Table(string layer, string name) => new()
        {
            Name = new TableName(layer, name),
            Description = "",
            Columns = [new ColumnContract("id", "string", false, [], null, null, null, null, 1)],
            Keys = [],
            Rules = [],
            SourceFile = name + ".yaml",
        };
        var rule = new QualityRule { Id = "reconcile", Kind = RuleKind.Reconcile, Severity = RuleSeverity.Error, Other = new TableName("bronze", "raw"), OtherColumn = "id", Tolerance = tolerance };
        var contract = Table("silver", "clean") with { Rules = [rule] };
        using var connection = DuckDbQualityRunner.Open();
        Execute(connection, "CREATE SCHEMA bronze; CREATE SCHEMA silver; CREATE TABLE bronze.raw AS SELECT 'k' || (i % 1000) AS id FROM range(5000) t(i); CREATE TABLE silver.clean AS SELECT 'k' || i AS id FROM range(999) t(i)");

        var plan = QualityCompiler.Compile(contract, SqlDialect.DuckDb(AsOf));
        var result = new DuckDbQualityRunner(connection).Evaluate(plan).Single();

        Assert.That(plan.Queries[1], tolerance > 0 ? Does.Contain("APPROX_COUNT_DISTINCT") : Does.Contain("COUNT(DISTINCT"));
        Assert.That(result.FailingRows, Is.EqualTo(failing), "999 rows against 1,000 distinct: off by one, which only the exact count sees");
    }

    private static void Execute(DuckDB.NET.Data.DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
