using ProjectScout.Model.Layout;
using ProjectScout.Toolkit.IO;
using ProjectScout.Toolkit.Layout;

namespace ProjectScout.Toolkit.Docs;

/// <summary>The documents of one environment and what writing them changed.</summary>
public sealed record GeneratedDocuments(string Environment, IReadOnlyList<AlignmentFinding> Findings, IReadOnlyDictionary<string, WriteOutcome> Files);

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
        var alignment = WafAlignmentDocument.Render(model, findings);
        var files = new SortedDictionary<string, WriteOutcome>(StringComparer.Ordinal);
        void Write(string name, string text) => files[name] = GeneratedFiles.Write(Path.Combine(artifacts.Docs, name), text);

        var script = mermaidScript is null ? null : Path.GetRelativePath(artifacts.Docs, mermaidScript).Replace('\\', '/');
        Write(ArchitectureDocument.FileName, architecture);
        Write(WafAlignmentDocument.FileName, alignment);
        Write(Path.ChangeExtension(ArchitectureDocument.FileName, ".html"), HtmlDocument.Render($"Juicer medallion architecture — {model.Environment.Name}", architectureHtml, script));
        Write(Path.ChangeExtension(WafAlignmentDocument.FileName, ".html"), HtmlDocument.Render($"Well-Architected alignment — {model.Environment.Name}", alignment, script));
        var playbook = DrPlaybookDocument.Render(model);
        Write(DrPlaybookDocument.FileName, playbook);
        Write(Path.ChangeExtension(DrPlaybookDocument.FileName, ".html"), HtmlDocument.Render($"Disaster recovery playbook — {model.Environment.Name}", playbook, script));

        // Earlier versions copied the script beside each environment's pages; the release carries it once, under assets/.
        var oldCopy = Path.Combine(artifacts.Docs, MermaidScript.FileName);
        if (File.Exists(oldCopy))
        {
            File.Delete(oldCopy);
        }

        return new GeneratedDocuments(model.Environment.Name, findings, files);
    }
}
