using ProjectScout.Model.Contracts;
using ProjectScout.Model.Environments;
using ProjectScout.Model.Lakehouse;
using ProjectScout.Model.Layout;
using ProjectScout.Toolkit.Contracts;
using ProjectScout.Toolkit.Environments;
using ProjectScout.Toolkit.Lakehouse;
using ProjectScout.Toolkit.Layout;

namespace ProjectScout.Toolkit.Tests.Lakehouse;

/// <summary>templates/lakehouse.yaml: the repository's declaration, and every bad input reported at its file and line.</summary>
[TestFixture]
public sealed class LakehouseDeclarationTests
{
    private static readonly string Declared = File.ReadAllText(Repository.Layout.Lakehouse);

    [Test]
    public void The_repository_declares_four_layers_with_their_gates_clusters_and_containers()
    {
        var lakehouse = LakehouseLoader.Load(Repository.Layout);

        Assert.That(lakehouse.LayerNames, Is.EqualTo(new[] { "bronze", "silver", "gold", "platinum" }));
        Assert.That(lakehouse.Layers.Select(l => l.Gate.TaskKey), Is.EqualTo(new[] { "bronze_quality", "silver_quality", "gold_quality", "platinum_quality" }));
        Assert.That(lakehouse.Layers.Select(l => l.Gate.Notebook), Is.All.StartsWith("data_quality/"));
        Assert.That(lakehouse.Layers.Select(l => lakehouse.ProfileOf(l).JobClusterKey),
            Is.EqualTo(new[] { "BronzeLayerProcessing", "SilverLayerProcessing", "GoldPlatinumLayerProcessing", "GoldPlatinumLayerProcessing" }));
        Assert.That(lakehouse.ClusterProfiles.Select(lakehouse.TitleOf), Is.EqualTo(new[] { "bronze", "silver", "gold and platinum", "backup" }));
        Assert.That(lakehouse.Containers, Is.EqualTo(new[] { "bronze", "silver", "gold", "platinum", "logs", "data-quality", "inventories" }));
        Assert.That(lakehouse.ServedTaskKeys, Is.EqualTo(new[] { "gold", "platinum" }));
        Assert.That(lakehouse.Layers.Select(l => l.Gate.TaskKey), Is.All.EndsWith(lakehouse.QualityGate.TaskKeySuffix), "the alert's filter matches every gate");
    }

    [Test]
    public void Bad_values_are_reported_at_their_line()
    {
        var problems = Problems(Declared
            .Replace("    cluster: silver\n", "    cluster: silverish\n", StringComparison.Ordinal)
            .Replace("  taskKeySuffix: _quality\n", "  taskKeySuffix: \"_quality\\\" or 1==1\"\n", StringComparison.Ordinal)
            .Replace("    container: gold\n", "    container: bronze\n", StringComparison.Ordinal));

        Assert.That(problems.Select(p => (p.Line, p.Code)), Is.EquivalentTo(new[]
        {
            (LineOf(Declared, "  taskKeySuffix: _quality"), "lakehouse.invalid"),
            (LineOf(Declared, "    cluster: silver"), "lakehouse.invalid"),
            (LineOf(Declared, "    container: gold"), "lakehouse.invalid"),
        }));
        Assert.That(problems.Select(p => p.File), Is.All.EqualTo("templates/lakehouse.yaml"));
        Assert.That(problems.Single(p => p.Message.Contains("silverish", StringComparison.Ordinal)).Message, Does.Contain("goldPlatinum"), "says what to use");
    }

    [Test]
    public void The_unity_catalog_section_names_the_results_schema_once_and_refuses_a_layers_schema_or_an_unknown_root_layer()
    {
        var uc = LakehouseLoader.Load(Repository.Layout).UnityCatalog;
        Assert.That((uc.ResultsSchema, uc.ResultsTable, uc.StorageRootLayer), Is.EqualTo(("data_quality", "rule_results", "gold")));
        Assert.That(uc.SystemSchemas, Is.EqualTo(new[] { "access", "billing" }));

        var problems = Problems(Declared
            .Replace("  resultsSchema: data_quality\n", "  resultsSchema: silver\n", StringComparison.Ordinal)
            .Replace("  storageRootLayer: gold\n", "  storageRootLayer: copper\n", StringComparison.Ordinal));
        Assert.That(problems.Select(p => p.Line), Is.EquivalentTo(new[] { LineOf(Declared, "  resultsSchema: data_quality"), LineOf(Declared, "  storageRootLayer: gold") }));
        Assert.That(problems.Select(p => p.Message), Has.One.Contains("'silver' is a layer's schema").And.One.Contains("'copper' is not a declared layer"));
    }

    [Test]
    public void An_unknown_field_or_a_broken_document_is_a_syntax_problem_at_its_line()
    {
        var unknown = Problems(Declared.Replace("    purpose: Raw", "    purpse: Raw", StringComparison.Ordinal)).Single();
        Assert.That((unknown.Line, unknown.Code), Is.EqualTo((LineOf(Declared, "    purpose: Raw"), "lakehouse.syntax")));
        Assert.That(unknown.Message, Does.Contain("purpse"));

        var broken = Problems(Declared.Replace("[logs, data-quality, inventories]", "[logs, data-quality, inventories", StringComparison.Ordinal)).Single();
        Assert.That(broken.Code, Is.EqualTo("lakehouse.syntax"));
        Assert.That(broken.Line, Is.GreaterThanOrEqualTo(LineOf(Declared, "  retentionContainers:")));
    }

    [Test]
    public void Environment_files_size_exactly_the_declared_cluster_profiles()
    {
        var scratch = Repository.NewScratchDirectory("lakehouse-env");
        try
        {
            var original = File.ReadAllText(Path.Combine(Repository.Layout.Environments, "dev.yaml"));
            File.WriteAllText(Path.Combine(scratch, "dev.yaml"), original.Replace("    goldPlatinum:\n", "    goldPlatnum:\n", StringComparison.Ordinal));
            File.Copy(Path.Combine(Repository.Layout.Environments, "defaults.yaml"), Path.Combine(scratch, "defaults.yaml"));
            var profiles = LakehouseLoader.Load(Repository.Layout).ClusterProfiles.Select(p => p.Key).ToList();
            var (_, problems) = new EnvironmentCatalog(scratch, p => "templates/environments/" + Path.GetFileName(p), () => profiles).TryLoad("dev");

            var clusters = LineOf(original, "  clusters:");
            Assert.That(problems.Select(p => (p.File, p.Line, p.Code)), Is.EquivalentTo(new[]
            {
                ("templates/environments/dev.yaml", LineOf(original, "    goldPlatinum:"), "env.cluster-unknown"),
                ("templates/environments/dev.yaml", clusters, "env.cluster-missing"),
            }));
            Assert.That(problems.Select(p => p.Message), Has.Some.Contains("goldPlatinum").And.Some.Contains("goldPlatnum"));
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    [Test]
    public void A_contract_in_an_undeclared_layer_is_reported_at_its_layer_line()
    {
        var root = Repository.NewScratchDirectory("lakehouse-contract");
        try
        {
            var layout = new ToolkitLayout { Root = root };
            Repository.CopyDirectory(Repository.Layout.Contracts, layout.Contracts);
            var source = Path.Combine(layout.Contracts, "bronze", "transcripts.yaml");
            Directory.CreateDirectory(Path.Combine(layout.Contracts, "copper"));
            File.WriteAllText(Path.Combine(layout.Contracts, "copper", "transcripts.yaml"), File.ReadAllText(source).Replace("layer: bronze", "layer: copper", StringComparison.Ordinal));

            var problems = new ContractLoader(layout.Contracts, LakehouseLoader.Load(Repository.Layout).LayerNames, layout.Display).TryLoad().Problems;

            var problem = problems.Single(p => p.Code == "contract.layer");
            Assert.That((problem.File, problem.Line), Is.EqualTo(("templates/contracts/copper/transcripts.yaml", LineOf(File.ReadAllText(source), "layer: bronze"))));
            Assert.That(problem.Message, Does.Contain("templates/lakehouse.yaml"));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static IReadOnlyList<ProjectScout.Model.Diagnostics.Problem> Problems(string yaml)
    {
        var scratch = Repository.NewScratchDirectory("lakehouse-yaml");
        try
        {
            var path = Path.Combine(scratch, LakehouseDeclaration.FileName);
            File.WriteAllText(path, yaml);
            return LakehouseLoader.TryLoad(path, _ => "templates/lakehouse.yaml").Problems;
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    internal static int LineOf(string text, string line) => Array.FindIndex(text.Split('\n'), l => l.StartsWith(line, StringComparison.Ordinal)) + 1;
}
