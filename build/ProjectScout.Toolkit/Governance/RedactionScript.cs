using ProjectScout.Model.Governance;
using ProjectScout.Model.Contracts;
using Scriban.Runtime;

namespace ProjectScout.Toolkit.Governance;

/// <summary>
/// templates/governance.yaml as the Scriban global <c>governance</c>, for the redaction the insight notebooks run before
/// any text leaves the lakehouse (notebooks/_shared/redaction.py.scriban): <c>free_text_patterns</c> (name, regex,
/// replacement, in declaration order), <c>llm_provider_hosts</c>, <c>classifications</c> (name → mask style) and
/// <c>classified_columns</c> (every classified contract column as [name, classification], by name).
/// </summary>
public static class RedactionScript
{
    /// <summary>The markers around the generated redaction in a rendered notebook: tests cut the code out between them and run it.</summary>
    public const string BeginMarker = "# >>> redaction (generated from templates/governance.yaml and the contracts)";

    public const string EndMarker = "# <<< redaction";

    public static void Add(ScriptObject model, GovernanceDeclaration governance, ContractSet contracts)
    {
        var classifications = new ScriptObject();
        foreach (var classification in governance.Classifications)
        {
            classifications.Add(classification.Name, classification.Mask.ToString().ToLowerInvariant());
        }

        var columns = new ScriptArray();
        foreach (var column in contracts.Tables.SelectMany(t => t.Columns).Where(c => c.Classification is not null)
                     .GroupBy(c => c.Name).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            // One name, one classification: the strictest one declared wins (declaration order of the classifications).
            columns.Add(new ScriptArray { column.Key, column.Select(c => c.Classification!).OrderBy(c => IndexOf(governance, c)).First() });
        }

        model.SetValue("governance", new ScriptObject
        {
            ["free_text_patterns"] = new ScriptArray(governance.FreeTextPatterns.Select(p => new ScriptObject
            {
                ["name"] = p.Name,
                ["regex"] = p.Regex,
                ["replacement"] = p.Replacement,
            })),
            ["llm_provider_hosts"] = new ScriptArray(governance.LlmProviderHosts.Order(StringComparer.Ordinal)),
            ["classifications"] = classifications,
            ["classified_columns"] = columns,
            ["begin_marker"] = BeginMarker,
            ["end_marker"] = EndMarker,
        }, false);
    }

    private static int IndexOf(GovernanceDeclaration governance, string classification)
    {
        var index = governance.Classifications.ToList().FindIndex(c => c.Name == classification);
        return index < 0 ? int.MaxValue : index;
    }
}
