using System.Text;
using System.Text.RegularExpressions;
using ProjectScout.Model.Diagnostics;
using ProjectScout.Model.Governance;
using ProjectScout.Toolkit.Workspace;

namespace ProjectScout.Toolkit.Governance;

/// <summary>
/// Before deploy, what the notebooks' runtime guard enforces at run time: a notebook that makes HTTP calls carries the
/// generated redaction (and so redacts and checks hosts before sending), and every URL it names is HTTPS to a declared
/// llmProviderHost. A new provider therefore needs its host declared in templates/governance.yaml, reviewed there.
/// </summary>
public static partial class NotebookEgressCheck
{
    public static IReadOnlyList<Problem> Check(IEnumerable<BundleNotebook> notebooks, GovernanceDeclaration governance, Func<string, string?> templateOf)
    {
        var problems = new List<Problem>();
        foreach (var notebook in notebooks.Where(n => n.Language == NotebookLanguage.Python))
        {
            var text = Encoding.UTF8.GetString(notebook.Content);
            var calls = HttpCall().IsMatch(text);
            var redacts = text.Contains(RedactionScript.BeginMarker, StringComparison.Ordinal);
            if (!calls && !redacts)
            {
                continue;
            }

            var file = templateOf(notebook.SourceFile) ?? notebook.SourceFile;
            if (calls && !redacts)
            {
                problems.Add(new Problem(file, 0, 0, "notebook.egress", $"{notebook.RelativePath} makes HTTP calls without the generated redaction; include 'notebooks/_shared/redaction.py.scriban' and send only redact_row(...) text to require_declared_host(url)."));
            }

            foreach (Match url in Url().Matches(text))
            {
                var host = url.Groups["host"].Value.ToLowerInvariant();
                if (url.Groups["scheme"].Value != "https" || !governance.LlmProviderHosts.Contains(host, StringComparer.OrdinalIgnoreCase))
                {
                    var line = text[..url.Index].Count(c => c == '\n') + 1;
                    problems.Add(new Problem(file, 0, 0, "notebook.egress",
                        $"{notebook.RelativePath} (rendered line {line}) names {url.Value}: only https to {string.Join(", ", governance.LlmProviderHosts)} is allowed (templates/governance.yaml llmProviderHosts); declare the host there or remove the call."));
                }
            }
        }

        return problems;
    }

    [GeneratedRegex(@"\brequests\.(?:post|get|put|request)\(|urllib\.request|http\.client")]
    private static partial Regex HttpCall();

    [GeneratedRegex(@"(?<scheme>https?)://(?<host>[A-Za-z0-9.-]+)[^\s""']*")]
    private static partial Regex Url();
}
