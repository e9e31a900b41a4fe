using System.Net;
using Markdig;

namespace ProjectScout.Toolkit.Docs;

/// <summary>
/// Renders a generated Markdown document as a standalone HTML page: Markdig with the advanced extensions (pipe tables,
/// diagrams: a ```mermaid block becomes an element of class "mermaid"), and the mermaid script loaded from the
/// artifact tree's shared assets. Without the script the diagram's source is shown as preformatted text.
/// </summary>
public static class HtmlDocument
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UseAdvancedExtensions().Build();

    private const string Style =
        "body{font-family:system-ui,sans-serif;max-width:80rem;margin:2rem auto;padding:0 1rem;line-height:1.45}" +
        // Wide tables scroll inside their own box instead of overflowing the page; long words and ids wrap.
        "table{border-collapse:collapse;margin:1rem 0;display:block;max-width:100%;overflow-x:auto}" +
        "th,td{border:1px solid #ccc;padding:.3rem .5rem;vertical-align:top;text-align:left;overflow-wrap:anywhere;min-width:4rem}" +
        "th{background:#f3f3f3}code{font-size:.9em}blockquote{color:#555;border-left:4px solid #ddd;margin-left:0;padding-left:1rem}" +
        // The diagram keeps its natural size and scrolls when wider than the page; unrendered, its source stays readable.
        ".mermaid{overflow-x:auto}.mermaid:not([data-processed]){white-space:pre;font-family:monospace;font-size:.85em;background:#f6f8fa;padding:.5rem}";

    /// <param name="mermaidScript">The script's URL relative to the page; null when it is unavailable (the diagram source is shown).</param>
    public static string Render(string title, string markdown, string? mermaidScript)
    {
        var body = Markdown.ToHtml(markdown, Pipeline);
        var hasDiagram = body.Contains("class=\"mermaid\"", StringComparison.Ordinal);
        var script = !hasDiagram ? ""
            : mermaidScript is null
            ? "<p class=\"note\">The diagram is shown as its Mermaid source: the mermaid script was not available when this page was generated.</p>\n"
            : $"<script src=\"{WebUtility.HtmlEncode(mermaidScript)}\"></script>\n" +
              "<script>if (window.mermaid) { mermaid.initialize({ startOnLoad: true, securityLevel: 'strict', flowchart: { useMaxWidth: false } }); }</script>\n";
        return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n" +
               $"<title>{WebUtility.HtmlEncode(title)}</title>\n" +
               $"<style>{Style}</style>\n" +
               "</head>\n<body>\n" + body + script +
               "</body>\n</html>\n";
    }
}
