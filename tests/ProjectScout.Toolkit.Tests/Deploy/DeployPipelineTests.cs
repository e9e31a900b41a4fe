using ProjectScout.Model.Diagnostics;
using ProjectScout.Model.Environments;
using ProjectScout.Model.Infra;
using ProjectScout.Toolkit.Deployment.Planes;
using ProjectScout.Toolkit.Deployment.Steps;
using ProjectScout.Toolkit.Deployment;
using ProjectScout.Toolkit.Environments;
using ProjectScout.Toolkit.Infra;

namespace ProjectScout.Toolkit.Tests.Deploy;

/// <summary>The deploy pipeline's declarations: the step list, the phase table and the destructive-change approval table.</summary>
public class DeployPipelineTests
{
    [Test]
    public void The_steps_run_in_the_documented_order_and_each_reads_only_what_is_given_or_written_before()
    {
        var steps = DeployPipeline.Default.Steps;
        Assert.That(steps.Select(s => s.Name), Is.EqualTo(new[]
        {
            "load inputs", "require previous phase", "adoption preflight", "plan", "match the saved plan", "approve destructive changes", "confirm", "lock", "apply", "verify",
            "record",
        }));

        var available = new HashSet<string>(DeployPipeline.Given);
        var members = typeof(PhaseDeployState).GetProperties().Select(p => p.Name).ToHashSet();
        foreach (var step in steps)
        {
            Assert.That(step.Reads.Concat(step.Updates), Is.SubsetOf(members), $"{step.Name} names members of the state");
            Assert.That(step.Reads, Is.SubsetOf(available), $"{step.Name} reads only what is given or written by an earlier step");
            available.UnionWith(step.Updates);
        }
    }

    [Test]
    public void A_preview_runs_the_steps_up_to_the_approval_and_none_that_write()
    {
        var steps = DeployPipeline.Default.Steps;
        var preview = steps.TakeWhile(s => s.RunsInPreview).Select(s => s.Name).ToList();
        Assert.That(preview, Is.EqualTo(new[] { "load inputs", "require previous phase", "adoption preflight", "plan", "match the saved plan", "approve destructive changes" }));
        Assert.That(steps.Skip(preview.Count).Where(s => s.RunsInPreview), Is.Empty, "no step after the first non-preview step runs in a preview");
    }

    [Test]
    public void Every_infra_phase_has_one_row_in_the_phase_table_and_arm_plans_first()
    {
        Assert.That(DeployPhases.All.Select(p => p.Infra), Is.EqualTo(InfraPhases.All));
        Assert.That(DeployPhases.All.Select(p => p.Planes[0]), Is.All.SameAs(DeployPhases.Arm), "the other planes read the ARM deployment's outputs");
        Assert.That(DeployPhases.All.Select(p => string.Join("+", p.Planes.Select(plane => plane.Name))), Is.EqualTo(new[] { "arm+databricks", "arm+automation", "arm+databricks" }));
        Assert.That(DeployPhases.All.SelectMany(p => p.Planes).Count(p => p == DeployPhases.Workspace), Is.EqualTo(1), "the workspace content is deployed by exactly one phase");
        Assert.Throws<ArgumentOutOfRangeException>(() => DeployPhases.Get(DeployPhases.All.Count + 1));
    }

    [Test]
    public void The_approval_table_asks_for_allow_delete_on_stateful_arm_deletes_and_unowned_workspace_objects_only()
    {
        var rule = DestructiveChangeApprovals.Rules[0];
        Assert.That((rule.Plane, rule.Action, rule.Approval), Is.EqualTo((ArmPlane.PlaneName, ChangeAction.Delete, Approval.AllowDelete)));
        Assert.That(rule.Kinds, Is.EquivalentTo(AzureFacts.StatefulResourceTypes));
        var orphans = DestructiveChangeApprovals.Rules.Single(r => r.OrphansOnly);
        Assert.That((orphans.Plane, orphans.Kinds, orphans.Action, orphans.Approval), Is.EqualTo((ArmPlane.PlaneName, (IReadOnlySet<string>?)null, ChangeAction.Delete, Approval.Complete)));

        PhasePlan Plan(params PlanChange[] changes) => new() { Environment = "dev", Phase = 1, DeploymentName = "d", Changes = changes };
        var storage = new PlanChange("arm", "Microsoft.Storage/storageAccounts", "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st", ChangeAction.Delete);
        var plan = Plan(
            storage,
            storage with { Action = ChangeAction.Update },
            new PlanChange("arm", "Microsoft.Insights/metricAlerts", "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Insights/metricAlerts/a", ChangeAction.Delete),
            new PlanChange("databricks", "notebook", "/Shared/old", ChangeAction.Delete));
        var refused = DestructiveChangeApprovals.Unapproved(plan, new DeployOptions());
        Assert.That(refused.SelectMany(r => r.Changes), Is.EqualTo(new[] { storage }));
        var users = new PlanChange("databricks", "notebook", "/Shared/scratch", ChangeAction.Delete, Drift: DriftKinds.Unowned);
        Assert.That(DestructiveChangeApprovals.Unapproved(Plan(users), new DeployOptions()).Single().Changes, Is.EqualTo(new[] { users }), "a notebook the project did not render");
        Assert.That(DestructiveChangeApprovals.Unapproved(plan, new DeployOptions { AllowDelete = true }), Is.Empty);
        var orphan = new PlanChange("arm", "Microsoft.Insights/metricAlerts", "b", ChangeAction.Delete) { Orphaned = true };
        Assert.That(DestructiveChangeApprovals.Unapproved(Plan(orphan), new DeployOptions { AllowDelete = true }).Single().Rule.Approval, Is.EqualTo(Approval.Complete));
        Assert.That(DestructiveChangeApprovals.Unapproved(Plan(orphan), new DeployOptions { Complete = true }), Is.Empty);

        var error = Assert.Throws<ToolkitException>(() => ApproveDestructiveChanges.Approve(plan, new DeployOptions()));
        Assert.That(error!.Message, Is.EqualTo(
            "The plan deletes 1 stateful resource(s) (/subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st); nothing was deployed. " +
            "Review the plan and pass --allow-delete=true if the data may go."));
    }

    [Test]
    public void A_new_table_row_is_all_it_takes_to_guard_another_kind()
    {
        var rules = new[] { new ApprovalRule("databricks", new HashSet<string> { "notebook" }, ChangeAction.Delete, Approval.AllowDelete, "notebook(s)") };
        var plan = new PhasePlan { Environment = "dev", Phase = 1, DeploymentName = "d", Changes = [new PlanChange("databricks", "notebook", "/Shared/old", ChangeAction.Delete)] };
        Assert.That(DestructiveChangeApprovals.Unapproved(plan, new DeployOptions(), rules).Single().Changes.Single().Name, Is.EqualTo("/Shared/old"));
        Assert.That(DestructiveChangeApprovals.Unapproved(plan, new DeployOptions(), DestructiveChangeApprovals.Rules), Is.Empty);
    }
}
