using System.Net;
using Markdig;

namespace ProjectScout.Toolkit.Docs;

/// <summary>
/// Renders a generated Markdown document as a standalone HTML page: Markdig with the advanced extensions (pipe tables,
/// diagrams: a ```mermaid block becomes an element of class "mermaid"), and the mermaid script loaded from beside the page.
/// </summary>
public static class HtmlDocument
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UseAdvancedExtensions().Build();

    public static string Render(string title, string markdown)
    {
        var body = Markdown.ToHtml(markdown, Pipeline);
        return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n" +
               $"<title>{WebUtility.HtmlEncode(title)}</title>\n" +
               "<style>body{font-family:system-ui,sans-serif;max-width:80rem;margin:2rem auto;padding:0 1rem;line-height:1.45}" +
               "table{border-collapse:collapse;margin:1rem 0}th,td{border:1px solid #ccc;padding:.3rem .5rem;vertical-align:top;text-align:left}" +
               "th{background:#f3f3f3}code{font-size:.9em}blockquote{color:#555;border-left:4px solid #ddd;margin-left:0;padding-left:1rem}</style>\n" +
               "</head>\n<body>\n" + body +
               $"<script src=\"{MermaidScript.FileName}\"></script>\n" +
               "<script>if (window.mermaid) { mermaid.initialize({ startOnLoad: true, securityLevel: 'strict' }); }</script>\n" +
               "</body>\n</html>\n";
    }
}
