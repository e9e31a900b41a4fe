using ProjectScout.Model.Environments;
using ProjectScout.Model.Infra;
using ProjectScout.Toolkit.Environments;
using ProjectScout.Toolkit.IO;
using ProjectScout.Toolkit.Infra;

namespace ProjectScout.Toolkit.Tests.Infra;

/// <summary>
/// Snapshot regression: what each phase would deploy in each environment is committed under Infra/Expected/&lt;env&gt;/.
/// A template or environment change that changes a predicted resource fails with a what-if-style diff. To accept a
/// change on purpose, run the tests with PROJECTSCOUT_UPDATE_SNAPSHOTS=1 and commit the updated expectations.
/// </summary>
[TestFixture]
public sealed class InfraSnapshotTests
{
    public const string UpdateVariable = "PROJECTSCOUT_UPDATE_SNAPSHOTS";

    private static readonly string ExpectedRoot = Path.Combine(Repository.Root, "tests", "ProjectScout.Toolkit.Tests", "Infra", "Expected");

    private string _artifacts = null!;

    [OneTimeSetUp]
    public void CreateArtifacts() => _artifacts = Repository.NewScratchDirectory("infra-snapshots");

    [OneTimeTearDown]
    public void DeleteArtifacts() => Directory.Delete(_artifacts, recursive: true);

    [TestCase("sandbox")]
    [TestCase("dev")]
    [TestCase("stage")]
    [TestCase("prod")]
    public async Task Predicted_resources_match_the_committed_expectation(string environment)
    {
        var layout = Repository.Layout with { ArtifactsRelative = _artifacts };
        var env = new EnvironmentCatalog(layout.Environments, layout.Display).Load(environment);

        // No variables: environments that name their subscription through one get the documented placeholder.
        var result = await new InfraBuildService(layout, _ => null).BuildAsync(env, () => SharedBicep.Client);

        Assert.That(result.HasErrors, Is.False, string.Join("\n", result.Diagnostics));
        var differences = new List<string>();
        var updating = Environment.GetEnvironmentVariable(UpdateVariable) == "1";
        foreach (var phase in result.Phases)
        {
            var actual = File.ReadAllText(phase.Snapshot);
            var expectedPath = Path.Combine(ExpectedRoot, environment, phase.Phase.SnapshotFileName);
            if (updating)
            {
                GeneratedFiles.Write(expectedPath, actual);
                continue;
            }

            if (!File.Exists(expectedPath))
            {
                differences.Add($"{environment} phase {phase.Phase.Number}: no expectation at {Repository.Layout.Display(expectedPath)}; run with {UpdateVariable}=1.");
                continue;
            }

            var diff = SnapshotDiff.Describe(File.ReadAllText(expectedPath), actual);
            if (diff.Length > 0)
            {
                differences.Add($"{environment} phase {phase.Phase.Number} differs from {Repository.Layout.Display(expectedPath)}:\n{diff}");
            }
        }

        if (updating)
        {
            // An update run rewrote the expectations; it must not count as a pass (CI with the variable set would be green).
            Assert.Inconclusive($"{UpdateVariable}=1: expectations for {environment} rewritten; review and commit them, then run without the variable.");
        }

        Assert.That(differences, Is.Empty,
            "What would be deployed changed. If intended, run the tests with " + UpdateVariable + "=1 and commit tests/ProjectScout.Toolkit.Tests/Infra/Expected.\n"
            + string.Join("\n\n", differences));
    }

    [Test]
    public void The_diff_names_added_removed_and_changed_properties()
    {
        const string before = """{"predictedResources":[{"id":"/a","properties":{"minimumTlsVersion":"TLS1_2"}},{"id":"/gone"}],"outputs":{}}""";
        const string after = """{"predictedResources":[{"id":"/a","properties":{"minimumTlsVersion":"TLS1_0"}},{"id":"/new"}],"outputs":{}}""";

        var diff = SnapshotDiff.Describe(before, after);

        Assert.That(diff, Is.EqualTo("~ /a\n    properties.minimumTlsVersion: \"TLS1_2\" => \"TLS1_0\"\n- /gone\n+ /new"));
    }
}
