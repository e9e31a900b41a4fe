using ProjectScout.Toolkit.Contracts;
using ProjectScout.Toolkit.Lakehouse;
using ProjectScout.Toolkit.Layout;

namespace ProjectScout.Toolkit.Tests.Data;

[TestFixture]
public sealed class ContractTests
{
    [Test]
    public void A_rule_on_an_unknown_column_fails_with_file_and_line()
    {
        var root = Repository.CopyInputs("contract-unknown-column");
        try
        {
            var file = Path.Combine(root, "templates/contracts/bronze/transcripts.yaml");
            File.WriteAllText(file, File.ReadAllText(file) + "  - kind: not_null\n    column: session_id\n    severity: error\n");
            var expectedLine = File.ReadAllLines(file).Length - 2;
            var layout = new ToolkitLayout { Root = root };

            var problems = new ContractLoader(layout.Contracts, LakehouseLoader.Load(layout).LayerNames, layout.Display).TryLoad().Problems;

            var problem = problems.Single(p => p.Code == "contract.unknown-column");
            Assert.That((problem.File, problem.Line), Is.EqualTo(("templates/contracts/bronze/transcripts.yaml", expectedLine)));
            Assert.That(problem.Message, Does.Contain("session_id"));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Test]
    public void An_unclosed_flow_sequence_is_a_syntax_problem_with_its_line_not_a_crash()
    {
        var root = Repository.CopyInputs("contract-unclosed");
        try
        {
            var file = Path.Combine(root, "templates/contracts/bronze/transcripts.yaml");
            // An unclosed [ with more lines after it: YamlDotNet throws a bare InvalidOperationException for this shape.
            var text = File.ReadAllText(file);
            File.WriteAllText(file, text.Replace("keys: [chunk_id]", "keys: [chunk_id", StringComparison.Ordinal));
            var keysLine = Array.FindIndex(File.ReadAllLines(file), l => l.StartsWith("keys:", StringComparison.Ordinal)) + 1;
            var layout = new ToolkitLayout { Root = root };

            var problems = new ContractLoader(layout.Contracts, LakehouseLoader.Load(layout).LayerNames, layout.Display).TryLoad().Problems;

            var problem = problems.Single(p => p.File == "templates/contracts/bronze/transcripts.yaml");
            Assert.That(problem.Code, Is.EqualTo("contract.syntax"));
            Assert.That(problem.Line, Is.InRange(keysLine, keysLine + 2));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Test]
    public void The_repository_contracts_load_without_problems()
    {
        var (set, problems) = new ContractLoader(Repository.Layout.Contracts, LakehouseLoader.Load(Repository.Layout).LayerNames).TryLoad();
        Assert.That(problems, Is.Empty);
        Assert.That(set.Tables.Select(t => t.Name.ToString()), Is.EqualTo(new[]
        {
            "bronze.transcripts", "silver.transcript_entity_mentions", "silver.transcripts", "gold.reconstructed_transcripts",
            "gold.transcript_brands", "platinum.genai_insights", "platinum.insight_actions", "platinum.insight_run_metrics", "platinum.weekly_insight_summary",
        }));
    }
}
