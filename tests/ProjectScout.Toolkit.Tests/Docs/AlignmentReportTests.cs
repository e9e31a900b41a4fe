using System.Text.Json;
using System.Text.Json.Nodes;
using ProjectScout.Model.Environments;
using ProjectScout.Model.Layout;
using ProjectScout.Toolkit.Docs;
using ProjectScout.Toolkit.Docs.Alignment;
using ProjectScout.Toolkit.Environments;
using ProjectScout.Toolkit.IO;
using ProjectScout.Toolkit.Layout;

namespace ProjectScout.Toolkit.Tests.Docs;

/// <summary>
/// WAF_ALIGNMENT.md lists every item of the assessment the project started from, and its rows follow the evidence: a
/// classification removed from a pii column or the backup job's absence turn them red. Scratch copy of the real inputs,
/// fixture snapshot and job (no bicep process).
/// </summary>
[TestFixture]
public sealed class AlignmentReportTests() : DocsScratchFixture("waf-rows")
{
    [Test]
    public void The_report_has_one_row_for_every_item_of_the_assessment()
    {
        var assessment = AssessmentLoader.Load(Path.Combine(Root, LakehouseModelLoader.AssessmentRelative));
        // The assessment (docs/AZURE_MEDALLION_ALIGNMENT.md of the original, 2025-05-12): 4 layer rows; 5 pillars of 5
        // component rows; recommendations 4 + 5 + 4 + 5 + 5; 3 phases of 3 areas of 3 items.
        Assert.That(assessment.In(AssessmentSection.Medallion).Select(i => i.Heading), Is.EqualTo(new[] { "bronze", "silver", "gold", "platinum" }));
        Assert.That(assessment.In(AssessmentSection.PillarComponent).GroupBy(i => i.Pillar).Select(g => g.Count()), Is.EqualTo(new[] { 5, 5, 5, 5, 5 }));
        Assert.That(assessment.In(AssessmentSection.PillarRecommendation).GroupBy(i => i.Pillar).Select(g => g.Count()), Is.EqualTo(new[] { 4, 5, 4, 5, 5 }));
        Assert.That(assessment.In(AssessmentSection.PhasePlan).GroupBy(i => i.Heading).Select(g => g.GroupBy(i => i.Group).Select(a => a.Count())),
            Is.EqualTo(new[] { new[] { 3, 3, 3 }, new[] { 3, 3, 3 }, new[] { 3, 3, 3 } }));
        Assert.That(assessment.Items, Has.Count.EqualTo(79));

        var (document, result) = Generate();
        Assert.That(result.Rows, Has.Count.EqualTo(assessment.Items.Count), "no item disappears");
        foreach (var item in assessment.Items)
        {
            var shown = item.Section == AssessmentSection.PillarComponent ? item.Text.Split(" - ")[0] : item.Text;
            Assert.That(document.Split('\n').Count(l => l.StartsWith('|') && l.Contains(shown, StringComparison.Ordinal)), Is.GreaterThanOrEqualTo(1), item.Id);
        }

        Assert.That(document, Does.Contain($"of {assessment.Items.Count} assessment items"));
        Assert.That(result.Rows.Count(r => r.Status != AlignmentStatus.Aligned), Is.GreaterThan(0), "the summary reads less than all ✅ while gaps remain");
        Assert.That(Row(result, "security.authentication").Status, Is.EqualTo(AlignmentStatus.Partial), "conditional access is never ✅");
        Assert.That(Row(result, "security.authentication").Evidence.Text, Does.Contain("administrator must create a Conditional Access policy"));
    }

    [Test]
    public void Removing_a_classification_from_a_pii_column_turns_the_column_security_rows_red()
    {
        // Declarations alone are partial; with the access document generated from them (the access step's ACCESS.md) ✅.
        Assert.That(Row(Evaluate(), "security.authorization").Status, Is.EqualTo(AlignmentStatus.Partial));
        var before = Evaluate(EvidenceChecks.AccessDocumentName);
        Assert.That(Row(before, "security.authorization").Status, Is.EqualTo(AlignmentStatus.Aligned), Row(before, "security.authorization").Evidence.Text);
        Assert.That(Row(before, "phase2.security.column-security").Status, Is.EqualTo(AlignmentStatus.Aligned));

        var contract = Path.Combine(Root, "templates", "contracts", "gold", "reconstructed_transcripts.yaml");
        var text = File.ReadAllText(contract);
        var declared = "  - name: customer_id\n    classification: pii\n";
        Assert.That(text, Does.Contain(declared));
        File.WriteAllText(contract, text.Replace(declared, "  - name: customer_id\n"));

        var after = Evaluate(EvidenceChecks.AccessDocumentName);
        Assert.That(Row(after, "security.authorization").Status, Is.EqualTo(AlignmentStatus.Missing));
        Assert.That(Row(after, "security.authorization").Evidence.Text, Does.Contain("customer_id is pii in").And.Contain("unclassified (readable in clear) in gold.reconstructed_transcripts"));
        Assert.That(Row(after, "security.rec2").Status, Is.EqualTo(AlignmentStatus.Missing));
        Assert.That(Row(after, "cost.auto-scaling").Status, Is.EqualTo(Row(before, "cost.auto-scaling").Status), "other rows keep theirs");
    }

    [Test]
    public void The_backup_job_turns_the_point_in_time_recovery_row_from_red_to_green()
    {
        var without = Generate().Result;
        Assert.That(Row(without, "phase3.dr.point-in-time").Status, Is.EqualTo(AlignmentStatus.Missing));
        Assert.That(Row(without, "phase3.dr.point-in-time").Evidence.Text, Does.Contain("no rendered job backs the tables up"));

        var job = new JsonObject
        {
            ["name"] = "Juicer table backup",
            ["tags"] = new JsonObject { [Toolkit.Workspace.WorkspaceBundle.ManagedByTag] = Toolkit.Workspace.WorkspaceBundle.ManagedByValue, [Toolkit.Workspace.WorkspaceBundle.KeyTag] = "juicer_backup" },
            ["tasks"] = new JsonArray(),
        };
        GeneratedFiles.Write(Path.Combine(Artifacts.Jobs, "juicer_backup.json"), job.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        var with = Generate().Result;
        Assert.That(Row(with, "phase3.dr.point-in-time").Evidence.Text, Does.Contain("backup job juicer_backup rendered"));
        var account = DocsFixtures.Snapshot(Environment, withLifecyclePolicy: true).ToJsonString().Contains($"\"{Environment.Names.BackupStorageAccount}\"", StringComparison.Ordinal);
        Assert.That(Row(with, "phase3.dr.point-in-time").Status, Is.EqualTo(account ? AlignmentStatus.Aligned : AlignmentStatus.Partial),
            "aligned only when the backup account is also in the snapshots");
        Assert.That(Row(with, "phase3.dr.point-in-time").Status, Is.Not.EqualTo(Row(without, "phase3.dr.point-in-time").Status));
    }

    [Test]
    public void Severity_tiers_routed_by_alert_processing_rules_turn_the_escalation_row_green()
    {
        Assert.That(Row(Evaluate(), "operations.rec4").Status, Is.EqualTo(AlignmentStatus.Missing), "one action group, no routing");

        var snapshot = DocsFixtures.Snapshot(Environment, withLifecyclePolicy: true);
        var group = $"/subscriptions/{Environment.Azure.SubscriptionId}/resourceGroups/{Environment.Azure.ResourceGroup}/providers";
        JsonObject Resource(string type, string name) => new() { ["id"] = $"{group}/{type}/{name}", ["type"] = type, ["name"] = name, ["properties"] = new JsonObject() };
        var resources = (JsonArray)snapshot["predictedResources"]!;
        resources.Add(Resource("Microsoft.Insights/actionGroups", "sev0-page"));
        resources.Add(Resource("Microsoft.Insights/actionGroups", "sev2-mail"));
        resources.Add(Resource("Microsoft.AlertsManagement/actionRules", "route-sev0"));
        DocsFixtures.WriteSnapshot(Artifacts, snapshot);

        var tiered = Row(Evaluate(), "operations.rec4");
        Assert.That(tiered.Status, Is.EqualTo(AlignmentStatus.Aligned), tiered.Evidence.Text);
        Assert.That(tiered.Evidence.Text, Does.Contain("sev0-page").And.Contain("1 alert processing rule"));
    }

    [Test]
    public void An_unknown_check_or_rule_in_the_assessment_is_named_with_its_line()
    {
        var path = Path.Combine(Root, LakehouseModelLoader.AssessmentRelative);
        File.WriteAllText(path, File.ReadAllText(path).Replace("check: per-layer-compute}]\n      - id: cost.auto-scaling", "check: per-layer-compoot}]\n      - id: cost.auto-scaling")
            .Replace("rules: [jobs.autoscale]}]\n      - id: cost.auto-termination", "rules: [jobs.autoscail]}]\n      - id: cost.auto-termination"));
        var problems = Assert.Throws<ProjectScout.Model.Diagnostics.ProblemsException>(() => AssessmentLoader.Load(path))!.Problems;
        Assert.That(problems.Select(p => p.Message), Has.Some.Contains("'per-layer-compoot' is no evidence check").And.Some.Contains("'jobs.autoscail' is no policy rule"));
        Assert.That(problems.All(p => p.Line > 1), Is.True, "each problem names its line");
    }

    private static AssessmentRow Row(GeneratedDocuments result, string id) => Row(result.Rows, id);

    private static AssessmentRow Row(IReadOnlyList<AssessmentRow> rows, string id) => rows.Single(r => r.Item.Id == id);

    /// <summary>The rows over the scratch inputs, as if the named documents had been generated in the run.</summary>
    private IReadOnlyList<AssessmentRow> Evaluate(params string[] documents)
    {
        var model = LakehouseModelLoader.Load(Layout, Environment, Artifacts);
        return AssessmentRows.Evaluate(model.Assessment!, new EvidenceInput(model, LakehouseChecks.Run(model), documents.ToHashSet(StringComparer.Ordinal)));
    }

    private (string Document, GeneratedDocuments Result) Generate()
    {
        var model = LakehouseModelLoader.Load(Layout, Environment, Artifacts);
        var result = DocumentationGenerator.Generate(model, Artifacts, mermaidScript: null);
        return (File.ReadAllText(Path.Combine(Artifacts.Docs, WafAlignmentDocument.FileName)), result);
    }
}
