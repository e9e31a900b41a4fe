using ProjectScout.Model.Layout;
using ProjectScout.Toolkit.IO;
using ProjectScout.Toolkit.Layout;

namespace ProjectScout.Toolkit.Docs;

/// <summary>The documents of one environment and what writing them changed.</summary>
public sealed record GeneratedDocuments(string Environment, IReadOnlyList<AlignmentFinding> Findings, IReadOnlyDictionary<string, WriteOutcome> Files)
{
    /// <summary>Every assessment item with its status (WAF_ALIGNMENT.md's rows).</summary>
    public IReadOnlyList<Alignment.AssessmentRow> Rows { get; init; } = [];

    /// <summary>The monthly cost estimate (COST_ESTIMATE.md); null without a price sheet.</summary>
    public ProjectScout.Toolkit.Cost.CostEstimate? Cost { get; init; }
}

/// <summary>
/// Writes artifacts/&lt;env&gt;/docs: the architecture document and the alignment report, each as Markdown (in the
/// chosen flavour) and HTML. The HTML loads the mermaid script from the artifact tree's shared assets, one copy for
/// every environment. Files are written only when their content changed.
/// </summary>
public static class DocumentationGenerator
{
    /// <param name="mermaidScript">The mermaid script's path under the artifact tree's assets; null when unavailable (the HTML shows the diagram source).</param>
    public static GeneratedDocuments Generate(LakehouseModel model, EnvironmentArtifacts artifacts, string? mermaidScript, MarkdownFlavor flavor = MarkdownFlavor.GitHub)
    {
        var findings = LakehouseChecks.Run(model);
        var architecture = ArchitectureDocument.Render(model, findings, flavor);
        // The HTML is rendered by Markdig, which reads GitHub's fence whatever the Markdown files' flavour.
        var architectureHtml = flavor == MarkdownFlavor.GitHub ? architecture : ArchitectureDocument.Render(model, findings);
        var files = new SortedDictionary<string, WriteOutcome>(StringComparer.Ordinal);
        void Write(string name, string text) => files[name] = GeneratedFiles.Write(Path.Combine(artifacts.Docs, name), text);

        var script = mermaidScript is null ? null : Path.GetRelativePath(artifacts.Docs, mermaidScript).Replace('\\', '/');
        Write(ArchitectureDocument.FileName, architecture);
        Write(Path.ChangeExtension(ArchitectureDocument.FileName, ".html"), HtmlDocument.Render($"Juicer medallion architecture — {model.Environment.Name}", architectureHtml, script));
        var playbook = DrPlaybookDocument.Render(model);
        void WriteBoth(string name, string title, string markdown)
        {
            Write(name, markdown);
            Write(Path.ChangeExtension(name, ".html"), HtmlDocument.Render($"{title} — {model.Environment.Name}", markdown, script));
        }

        WriteBoth(DrPlaybookDocument.FileName, "Disaster recovery playbook", playbook);
        if (model.Governance is { } governance && model.Contracts is { } contracts)
        {
            var jobNames = model.Jobs.Select(j => j.Name).Order(StringComparer.Ordinal).ToList();
            WriteBoth(Governance.AccessDocument.FileName, "Access to the lakehouse", Governance.AccessDocument.Render(governance, contracts, model.Lakehouse, model.Environment, jobNames));
        }

        WriteBoth(Quality.QualityReportDocument.FileName, "Data quality", Quality.QualityReportDocument.Render(model));
        Write(Quality.QualityDashboard.FileName, Quality.QualityDashboard.Render(model.Lakehouse, model.Environment.Databricks.Catalog));
        Cost.CostEstimate? cost = null;
        if (model.CostInputs is { } inputs)
        {
            cost = Cost.CostEstimator.Estimate(model.Environment, model.Resources, model.Jobs, inputs.Prices, inputs.Assumptions);
            WriteBoth(Cost.CostEstimateDocument.FileName, "Monthly cost estimate", Cost.CostEstimateDocument.Render(cost, model.Environment.DisplayName));
            Write(Cost.CostEstimateDocument.DataFileName, Cost.CostEstimateDocument.ToJson(cost));
        }

        // Last: the alignment's evidence includes the documents generated above in this run (never a stale file).
        var documents = files.Keys.ToHashSet(StringComparer.Ordinal);
        var rows = model.Assessment is null ? [] : Alignment.AssessmentRows.Evaluate(model.Assessment, new Alignment.EvidenceInput(model, findings, documents, cost));
        WriteBoth(WafAlignmentDocument.FileName, "Well-Architected alignment", WafAlignmentDocument.Render(model, findings, rows));

        // Earlier versions copied the script beside each environment's pages; the release carries it once, under assets/.
        var oldCopy = Path.Combine(artifacts.Docs, MermaidScript.FileName);
        if (File.Exists(oldCopy))
        {
            File.Delete(oldCopy);
        }

        return new GeneratedDocuments(model.Environment.Name, findings, files) { Rows = rows, Cost = cost };
    }
}
