using ProjectScout.Tests;
using ProjectScout.Toolkit.Docs;
using ProjectScout.Toolkit.Environments;
using ProjectScout.Toolkit.Lakehouse;

namespace ProjectScout.Toolkit.Tests.Recovery;

/// <summary>DR_PLAYBOOK.md follows the declarations: the recovery settings, every layer, the commands, who is paged.</summary>
[TestFixture]
public sealed class DrPlaybookTests
{
    [Test]
    public void The_playbook_is_generated_from_the_environment_and_the_lakehouse()
    {
        var environment = new EnvironmentCatalog(Repository.Layout.Environments).Load("prod");
        var lakehouse = LakehouseLoader.Load(Repository.Layout);
        var text = DrPlaybookDocument.Render(new LakehouseModel { Environment = environment, Lakehouse = lakehouse });

        Assert.That(text, Does.Contain($"paired region **{environment.Recovery.PairedRegion}**"));
        Assert.That(text, Does.Contain($"{environment.Recovery.TimeTravelDays} days: every table's `delta.deletedFileRetentionDuration`"));
        Assert.That(text, Does.Contain($"into catalog `{environment.Recovery.BackupCatalog}`"));
        Assert.That(lakehouse.LayerNames.Select(l => $"| {l} | "), Is.All.Matches<string>(row => text.Contains(row, StringComparison.Ordinal)), "one objectives row per layer");
        Assert.That(text, Does.Contain($"./build.sh --target=Restore --environment=prod --table=<layer.table> --to-timestamp="));
        Assert.That(text, Does.Contain($"--environment=<that copy> --layer={lakehouse.LayerNames[0]} --from-backup --apply"));
        Assert.That(text, Does.Contain("--from-release="));
        Assert.That(text, Does.Contain(environment.Alerting.Tiers[0].Emails[0]).And.Contain(environment.Alerting.Tiers[0].ActionGroupName(environment.Names)), "who is paged comes from the severity tiers");

        environment.Storage.BackupAccount = false;
        var withoutBackup = DrPlaybookDocument.Render(new LakehouseModel { Environment = environment, Lakehouse = lakehouse });
        Assert.That(withoutBackup, Does.Contain("time travel is the only recovery").And.Not.Contain("--from-backup"));
    }
}
