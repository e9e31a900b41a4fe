using ProjectScout.Toolkit.IO;
using ProjectScout.Toolkit.Layout;

namespace ProjectScout.Toolkit.Docs;

/// <summary>The documents of one environment and what writing them changed.</summary>
public sealed record GeneratedDocuments(string Environment, IReadOnlyList<AlignmentFinding> Findings, IReadOnlyDictionary<string, WriteOutcome> Files);

/// <summary>
/// Writes artifacts/&lt;env&gt;/docs: the architecture document and the alignment report, each as Markdown and HTML, and the
/// mermaid script beside them. Files are written only when their content changed.
/// </summary>
public static class DocumentationGenerator
{
    public static GeneratedDocuments Generate(LakehouseModel model, EnvironmentArtifacts artifacts, string? mermaidScript)
    {
        var findings = LakehouseChecks.Run(model);
        var architecture = ArchitectureDocument.Render(model, findings);
        var alignment = WafAlignmentDocument.Render(model, findings);
        var files = new SortedDictionary<string, WriteOutcome>(StringComparer.Ordinal);
        void Write(string name, string text) => files[name] = GeneratedFiles.Write(Path.Combine(artifacts.Docs, name), text);

        Write(ArchitectureDocument.FileName, architecture);
        Write(WafAlignmentDocument.FileName, alignment);
        Write(Path.ChangeExtension(ArchitectureDocument.FileName, ".html"), HtmlDocument.Render($"Juicer medallion architecture — {model.Environment.Name}", architecture));
        Write(Path.ChangeExtension(WafAlignmentDocument.FileName, ".html"), HtmlDocument.Render($"Well-Architected alignment — {model.Environment.Name}", alignment));
        if (mermaidScript is not null)
        {
            files[MermaidScript.FileName] = GeneratedFiles.Write(Path.Combine(artifacts.Docs, MermaidScript.FileName), File.ReadAllBytes(mermaidScript));
        }

        return new GeneratedDocuments(model.Environment.Name, findings, files);
    }
}
