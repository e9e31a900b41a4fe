using ProjectScout.Model.Diagnostics;
using ProjectScout.Toolkit.Deployment;

namespace ProjectScout.Toolkit.Tests.Deploy;

/// <summary>The saved plan document: round trip, what counts as a difference, and one line for a bad file.</summary>
public class PlanDocumentTests
{
    private static PhasePlan Plan(string environment, params PlanChange[] changes) =>
        new() { Environment = environment, Phase = 1, DeploymentName = "projectscout-dev-phase1-0123456789ab", Changes = changes };

    [Test]
    public void A_saved_plan_matches_itself_and_names_what_changed_since()
    {
        var path = Path.Combine(Repository.NewScratchDirectory("plan-document"), "plan.json");
        var job = new PlanChange("databricks", "job", "daily", ChangeAction.Update, "max_concurrent_runs") { Attributes = [new AttributeChange("max_concurrent_runs", "9", "1")], Drift = DriftKinds.Edited };
        File.WriteAllText(path, PlanDocument.ToJson("dev", [Plan("dev", job)]));
        var saved = PlanDocument.Read(path, p => p);

        Assert.That(saved.Difference(Plan("dev", job)), Is.Null);
        Assert.That(saved.Difference(Plan("dev", job with { Attributes = [new AttributeChange("max_concurrent_runs", "4", "1")] })),
            Is.EqualTo("phase 1 databricks job daily is now update with other values"));
        Assert.That(saved.Difference(Plan("dev")), Is.EqualTo("phase 1 no longer plans update databricks job daily"));
        Assert.That(saved.Difference(Plan("dev", job, new PlanChange("arm", "Microsoft.Storage/storageAccounts", "st", ChangeAction.Create))),
            Is.EqualTo("phase 1 now plans create arm Microsoft.Storage/storageAccounts st"));
        Assert.That(saved.Difference(Plan("stage", job)), Is.EqualTo("it was saved for environment 'dev'"));
        Assert.That(saved.Difference(new PhasePlan { Environment = "dev", Phase = 2, DeploymentName = "d", Changes = [] }),
            Does.StartWith("it holds no plan of phase 2"));
    }

    [Test]
    public void A_missing_or_foreign_file_is_one_line()
    {
        var directory = Repository.NewScratchDirectory("plan-document");
        var missing = Assert.Throws<ToolkitException>(() => PlanDocument.Read(Path.Combine(directory, "none.json"), p => "none.json"));
        Assert.That(missing!.Message, Is.EqualTo("--plan=none.json: no such file. Save a plan first with --what-if --plan-out=none.json."));
        var foreign = Path.Combine(directory, "foreign.json");
        File.WriteAllText(foreign, "{\"summary\": {}}");
        var error = Assert.Throws<ToolkitException>(() => PlanDocument.Read(foreign, p => "foreign.json"));
        Assert.That(error!.Message, Does.StartWith("--plan=foreign.json: not a plan saved with --plan-out").And.Not.Contain("\n"));
    }
}
