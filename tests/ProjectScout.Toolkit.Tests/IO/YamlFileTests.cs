using ProjectScout.Model.Contracts;
using ProjectScout.Model.Environments;
using ProjectScout.Toolkit.Contracts;
using ProjectScout.Toolkit.Environments;
using ProjectScout.Toolkit.IO;

namespace ProjectScout.Toolkit.Tests.IO;

/// <summary>Hostile YAML inputs are refused small and early, with one problem naming the file and line.</summary>
public sealed class YamlFileTests
{
    // Nine levels of nine aliases: about 400 bytes that a parser following aliases expands to 9^9 (387 million) nodes.
    private static readonly string AliasBomb = string.Join("\n", new[] { "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]" }
        .Concat(Enumerable.Range(1, 8).Select(i =>
        {
            var (name, previous) = ((char)('a' + i), (char)('a' + i - 1));
            return $"{name}: &{name} [{string.Join(",", Enumerable.Repeat("*" + previous, 9))}]";
        }))) + "\n";

    private string _scratch = null!;

    [SetUp]
    public void SetUp() => _scratch = Repository.NewScratchDirectory("yaml");

    [TearDown]
    public void TearDown() => Directory.Delete(_scratch, recursive: true);

    [Test]
    public void An_alias_bomb_in_an_environment_file_is_one_problem_at_its_first_anchor_without_expanding_it()
    {
        File.WriteAllText(Path.Combine(_scratch, "dev.yaml"), "name: dev\n" + AliasBomb);
        var before = GC.GetAllocatedBytesForCurrentThread();

        var (definition, problems) = new EnvironmentCatalog(_scratch, path => "templates/environments/" + Path.GetFileName(path)).TryLoad("dev");

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.That(definition, Is.Null);
        Assert.That(problems.Select(p => p.ToString()), Is.EqualTo(new[]
        {
            "templates/environments/dev.yaml(2,4) env.syntax: YAML anchors and aliases (&name, *name) are not accepted in toolkit inputs; write the value out where it is used.",
        }));
        Assert.That(allocated, Is.LessThan(16 * 1024 * 1024), "the refusal must not build the expanded document");
    }

    [Test]
    public void An_alias_in_a_contract_is_refused_at_its_line()
    {
        var contracts = Path.Combine(_scratch, "contracts", "bronze");
        Directory.CreateDirectory(contracts);
        var source = Directory.GetFiles(Path.Combine(Repository.Layout.Contracts, "bronze"), "*.yaml")[0];
        File.WriteAllText(Path.Combine(contracts, "t.yaml"), File.ReadAllText(source) + "extra: &x 1\nagain: *x\n");
        var layers = Toolkit.Lakehouse.LakehouseLoader.Load(Repository.Layout).LayerNames;

        var (_, problems) = new ContractLoader(Path.Combine(_scratch, "contracts"), layers).TryLoad();

        Assert.That(problems, Has.Count.EqualTo(1));
        Assert.That(problems[0].Code, Is.EqualTo("contract.syntax"));
        Assert.That(problems[0].Line, Is.EqualTo(File.ReadAllLines(source).Length + 1));
    }

    [Test]
    public void A_file_over_the_size_cap_is_refused_before_it_is_parsed()
    {
        var path = Path.Combine(_scratch, "dev.yaml");
        File.WriteAllText(path, "name: dev\n# " + new string('x', (int)YamlFile.MaxBytes) + "\n");

        var (_, problems) = new EnvironmentCatalog(_scratch).TryLoad("dev");

        Assert.That(problems, Has.Count.EqualTo(1));
        Assert.That(problems[0].Message, Does.Contain("capped at 256 KiB"));
    }
}
