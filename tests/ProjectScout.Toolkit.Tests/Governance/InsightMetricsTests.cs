using System.Text.Json.Nodes;
using ProjectScout.Model.Diagnostics;
using ProjectScout.Toolkit.Contracts;
using ProjectScout.Toolkit.Environments;
using ProjectScout.Toolkit.Governance;
using ProjectScout.Toolkit.Lakehouse;
using ProjectScout.Toolkit.Rendering;

namespace ProjectScout.Toolkit.Tests.Governance;

/// <summary>The insight job records its quality per run, and the weekly job summarises instead of generating again.</summary>
[TestFixture]
public sealed class InsightMetricsTests
{
    [Test]
    public void The_insight_notebook_writes_its_run_metrics_and_the_weekly_job_summarises_without_calling_an_llm()
    {
        var layout = Repository.Layout;
        var lakehouse = LakehouseLoader.Load(layout);
        var contracts = new ContractLoader(layout.Contracts, lakehouse.LayerNames).Load();
        var environment = new EnvironmentCatalog(layout.Environments).Load("sandbox");
        var model = WorkspaceRenderer.Model(environment, contracts, lakehouse);
        RedactionScript.Add(model, GovernanceLoader.Load(layout.Governance, lakehouse.LayerNames), contracts);
        var engine = new StrictTemplates(layout.Root, layout.Display);
        var problems = new List<Problem>();
        string Render(string relative) => engine.Render(Path.Combine(layout.Root, relative), model, problems)!;

        var insights = Render("notebooks/juicer_generate_platinum_insights.py.scriban");
        var weekly = Render("notebooks/juicer_summarise_weekly_insights.py.scriban");
        // A job renders with its key and its workload class (its template's first line), as WorkspaceRenderer sets them.
        const string weeklyJob = "juicer_weekly_insights_summary";
        var weeklyTemplate = $"templates/jobs/{weeklyJob}.json.scriban";
        model.SetValue("template_key", weeklyJob, false);
        model.SetValue("job_workload", WorkloadScript.For(environment, weeklyTemplate, File.ReadAllText(Path.Combine(layout.Root, weeklyTemplate)), weeklyJob, problems), false);
        var job = JsonNode.Parse(Render($"templates/jobs/{weeklyJob}.json.scriban"))!;
        Assert.That(problems, Is.Empty);

        var metrics = contracts.Find(new("platinum", "insight_run_metrics"))!;
        Assert.That(metrics.Columns.Select(c => c.Name), Is.SupersetOf(new[] { "generations_succeeded", "generations_failed", "average_confidence", "grounding_rate", "prompt_tokens", "completion_tokens", "estimated_cost_usd" }));
        Assert.That(insights, Does.Contain("`platinum`.`insight_run_metrics`").And.Contain("merge_into("));
        // The metrics are written before the run may fail for its failed generations, so a failing run is recorded too.
        Assert.That(insights.IndexOf("insight_run_metrics`\", ", StringComparison.Ordinal), Is.LessThan(insights.LastIndexOf("raise RuntimeError(\"every insight generation failed", StringComparison.Ordinal)));

        // Both tables have quality rules, so the platinum gate checks them; the metrics table's freshness blocks.
        var summary = contracts.Find(new("platinum", "weekly_insight_summary"))!;
        Assert.That(metrics.Rules.Any(r => r.Kind == Model.Contracts.RuleKind.Freshness && r.Severity == Model.Contracts.RuleSeverity.Error));
        Assert.That(summary.Rules, Is.Not.Empty);

        Assert.That(weekly, Does.Contain("`platinum`.`genai_insights`").And.Contain("`platinum`.`weekly_insight_summary`"));
        Assert.That(weekly, Does.Not.Contain("import requests").And.Not.Contain("call_provider").And.Not.Contain("api.anthropic.com").And.Not.Contain("api.openai.com"));
        Assert.That(weekly, Does.Not.Match(@"merge_into\(""[^""]*genai_insights"), "the weekly job does not rewrite the daily insights");
        var paths = job["tasks"]!.AsArray().Select(t => t!["notebook_task"]!["notebook_path"]!.GetValue<string>()).ToList();
        Assert.That(paths, Has.Some.EndsWith("/juicer_summarise_weekly_insights"));
        Assert.That(paths, Has.None.EndsWith("/" + lakehouse.Layer("platinum")!.Work.Notebook), "the weekly job no longer re-runs the daily generation");
    }
}
