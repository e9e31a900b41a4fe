using System.Text.Json.Nodes;
using System.Text.Json;
using ProjectScout.Model.Diagnostics;
using ProjectScout.Toolkit.IO;

namespace ProjectScout.Toolkit.Release;

/// <summary>
/// Problems as a SARIF 2.1.0 log (the format the Azure DevOps "Scans" tab and code-scanning tools read): one result per
/// problem with its rule id, level, message and file/line/column. Deterministic: problems keep their order, no timestamps.
/// </summary>
public static class SarifLog
{
    public const string Version = "2.1.0";

    public static string Render(IEnumerable<Problem> problems, string toolVersion)
    {
        var list = problems.ToList();
        var rules = new JsonArray(list.Select(p => p.Code).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .Select(code => (JsonNode)new JsonObject { ["id"] = code }).ToArray());
        var results = new JsonArray();
        foreach (var problem in list)
        {
            var result = new JsonObject
            {
                ["ruleId"] = problem.Code,
                ["level"] = problem.Severity == Severity.Error ? "error" : "warning",
                ["message"] = new JsonObject { ["text"] = problem.Message },
            };
            if (problem.File.Length > 0)
            {
                var location = new JsonObject { ["artifactLocation"] = new JsonObject { ["uri"] = problem.File.Replace('\\', '/') } };
                if (problem.Line > 0)
                {
                    location["region"] = new JsonObject { ["startLine"] = problem.Line, ["startColumn"] = Math.Max(problem.Column, 1) };
                }

                result["locations"] = new JsonArray(new JsonObject { ["physicalLocation"] = location });
            }

            results.Add(result);
        }

        var log = new JsonObject
        {
            ["version"] = Version,
            ["$schema"] = "https://json.schemastore.org/sarif-2.1.0.json",
            ["runs"] = new JsonArray(new JsonObject
            {
                ["tool"] = new JsonObject { ["driver"] = new JsonObject { ["name"] = "ProjectScout.Build", ["version"] = toolVersion, ["rules"] = rules } },
                ["results"] = results,
            }),
        };
        return log.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
    }

    public static WriteOutcome Write(string path, IEnumerable<Problem> problems) =>
        GeneratedFiles.Write(path, Render(problems, ReleaseIdentity.CurrentToolkitVersion));
}
