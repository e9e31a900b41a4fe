using ProjectScout.Tests;
using ProjectScout.Toolkit.Environments;

namespace ProjectScout.Toolkit.Tests.Recovery;

/// <summary>The recovery: section is checked at its lines: time-travel floor, backup catalog, cadence, paired region, catalog clashes.</summary>
[TestFixture]
public sealed class RecoverySettingsTests
{
    private string _scratch = null!;
    private EnvironmentCatalog _catalog = null!;

    [SetUp]
    public void SetUp()
    {
        _scratch = Repository.NewScratchDirectory("recovery-environments");
        Repository.CopyDirectory(Repository.Layout.Environments, _scratch);
        _catalog = new EnvironmentCatalog(_scratch, path => "templates/environments/" + Path.GetFileName(path));
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_scratch, recursive: true);

    [TestCase("prod", "timeTravelDays: 30", "timeTravelDays: 3", "env.range", "VACUUM refuses")]
    [TestCase("prod", "backupCatalog: insight_pulse_ai_backup", "backupCatalog: insight_pulse_ai", "env.backup-catalog", "must differ from databricks.catalog")]
    [TestCase("prod", "  pairedRegion: centralus", "  backupSchedule: nightly\n  pairedRegion: centralus", "env.cron", "nightly")]
    [TestCase("prod", "pairedRegion: centralus", "pairedRegion: eastus2", "env.paired-region", "must differ from azure.location")]
    [TestCase("prod", "  pairedRegion: centralus\n", "", "env.paired-region", "production must name recovery.pairedRegion")]
    public void A_bad_recovery_setting_is_refused_at_its_line(string environment, string from, string to, string code, string says)
    {
        var line = Edit(environment, from, to);

        var problems = _catalog.TryLoad(environment).Problems;
        var problem = problems.Single(p => p.Code == code);
        Assert.That(problem.Message, Does.Contain(says));
        Assert.That(problem.Line, to.Length == 0 ? Is.LessThan(line) : Is.EqualTo(line), problem.ToString());
    }

    [Test]
    public void A_backup_catalog_that_is_another_environments_catalog_clashes()
    {
        var line = Edit("stage", "backupCatalog: insight_pulse_ai_stage_backup", "backupCatalog: insight_pulse_ai_backup");

        var clash = _catalog.LoadAll().SelectMany(e => e.Problems).Single(p => p.Code == "env.catalog-clash");
        Assert.That((clash.File, clash.Line), Is.EqualTo(("templates/environments/stage.yaml", line)));
        Assert.That(clash.Message, Does.Contain("'insight_pulse_ai_backup'").And.Contain("prod"));
    }

    private int Edit(string environment, string from, string to)
    {
        var path = Path.Combine(_scratch, environment + ".yaml");
        var text = File.ReadAllText(path);
        var index = text.IndexOf(from, StringComparison.Ordinal);
        Assert.That(index, Is.GreaterThanOrEqualTo(0), $"'{from}' is not in {environment}.yaml");
        File.WriteAllText(path, text[..index] + to + text[(index + from.Length)..]);
        return text[..index].Count(c => c == '\n') + 1;
    }
}
