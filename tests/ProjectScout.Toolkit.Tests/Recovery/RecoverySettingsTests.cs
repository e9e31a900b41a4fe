using ProjectScout.Tests;
using ProjectScout.Toolkit.Environments;
using ProjectScout.Toolkit.Tests.Environments;

namespace ProjectScout.Toolkit.Tests.Recovery;

/// <summary>The recovery: section is checked at its lines: time-travel floor, backup catalog, cadence, paired region, catalog clashes.</summary>
[TestFixture]
public sealed class RecoverySettingsTests() : EnvironmentFilesFixture("recovery-environments")
{
    [TestCase("prod", "timeTravelDays: 30", "timeTravelDays: 3", "env.range", "VACUUM refuses")]
    [TestCase("prod", "backupCatalog: insight_pulse_ai_backup", "backupCatalog: insight_pulse_ai", "env.backup-catalog", "must differ from databricks.catalog")]
    [TestCase("prod", "  pairedRegion: centralus", "  backupSchedule: nightly\n  pairedRegion: centralus", "env.cron", "nightly")]
    [TestCase("prod", "pairedRegion: centralus", "pairedRegion: eastus2", "env.paired-region", "must differ from azure.location")]
    [TestCase("prod", "  pairedRegion: centralus\n", "", "env.paired-region", "production must name recovery.pairedRegion")]
    public void A_bad_recovery_setting_is_refused_at_its_line(string environment, string from, string to, string code, string says)
    {
        var line = Edit(environment, from, to);

        var problems = Catalog.TryLoad(environment).Problems;
        var problem = problems.Single(p => p.Code == code);
        Assert.That(problem.Message, Does.Contain(says));
        Assert.That(problem.Line, to.Length == 0 ? Is.LessThan(line) : Is.EqualTo(line), problem.ToString());
    }

    [Test]
    public void A_backup_catalog_that_is_another_environments_catalog_clashes()
    {
        var line = Edit("stage", "backupCatalog: insight_pulse_ai_stage_backup", "backupCatalog: insight_pulse_ai_backup");

        var clash = Catalog.LoadAll().SelectMany(e => e.Problems).Single(p => p.Code == "env.catalog-clash");
        Assert.That((clash.File, clash.Line), Is.EqualTo(("templates/environments/stage.yaml", line)));
        Assert.That(clash.Message, Does.Contain("'insight_pulse_ai_backup'").And.Contain("prod"));
    }
}
