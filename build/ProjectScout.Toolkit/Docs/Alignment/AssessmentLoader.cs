using ProjectScout.Model.Diagnostics;
using ProjectScout.Model.Environments;
using ProjectScout.Model.Infra;
using ProjectScout.Toolkit.Infra;
using ProjectScout.Toolkit.IO;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace ProjectScout.Toolkit.Docs.Alignment;

/// <summary>
/// Reads templates/assessment.yaml into an <see cref="AssessmentDeclaration"/>. Every id is unique, every pillar is a
/// WAF pillar, every rule is a policy rule and every check is one of <see cref="EvidenceChecks.Names"/>; each problem
/// names the file and line.
/// </summary>
public static class AssessmentLoader
{
    private const string Code = "assessment";

    public static AssessmentDeclaration Load(string path, Func<string, string>? display = null)
    {
        var shown = (display ?? (p => p))(path);
        if (!File.Exists(path))
        {
            throw new ProblemsException([new Problem(shown, 0, 0, Code + ".missing", "the assessment's item list is missing; restore templates/assessment.yaml.")]);
        }

        var read = YamlFile.Read<Document>(path, shown, Code, Deserializer, message => message.TrimEnd('.') + "; fix the YAML at this position.");
        if (read.Problem is { } stop)
        {
            throw new ProblemsException([stop]);
        }

        var document = read.Document ?? new Document();
        var locations = read.Locations!;
        var problems = new List<Problem>();
        var items = new List<AssessmentItem>();
        void Add(string at, string message)
        {
            var (line, column) = locations.Of(at);
            problems.Add(new Problem(shown, line, column, Code + ".invalid", message));
        }

        List<EvidenceReference> Evidence(List<EvidenceDocument> evidence, string at)
        {
            var references = new List<EvidenceReference>();
            for (var i = 0; i < evidence.Count; i++)
            {
                var e = evidence[i];
                var here = $"{at}.evidence[{i}]";
                if ((e.Check is null) == (e.Rules.Count == 0))
                {
                    Add(here, "an evidence entry has either rules: [policy rule ids] or check: <name>.");
                    continue;
                }

                foreach (var rule in e.Rules.Where(r => PolicyEngine.Find(r) is null))
                {
                    Add(here + ".rules", $"'{rule}' is no policy rule; use one of the ids CheckInfraPolicies reports.");
                }

                if (e.Check is not null && !EvidenceChecks.Names.Contains(e.Check))
                {
                    Add(here + ".check", $"'{e.Check}' is no evidence check; use one of: {string.Join(", ", EvidenceChecks.Names.Order(StringComparer.Ordinal))}.");
                }

                references.Add(new EvidenceReference(e.Rules, e.Check, e.Argument));
            }

            return references;
        }

        AssessmentItem Item(ItemDocument d, string at, AssessmentSection section, string heading, string group) =>
            new(d.Id, section, heading, group, d.Text, d.Gap, Evidence(d.Evidence, at), locations.Of(at).Line);

        for (var i = 0; i < document.Medallion.Count; i++)
        {
            items.Add(Item(document.Medallion[i], $"medallion[{i}]", AssessmentSection.Medallion, document.Medallion[i].Layer ?? "", ""));
        }

        for (var p = 0; p < document.Pillars.Count; p++)
        {
            var pillarDocument = document.Pillars[p];
            if (!Enum.TryParse<WafPillar>(pillarDocument.Pillar, out var pillar))
            {
                Add($"pillars[{p}].pillar", $"'{pillarDocument.Pillar}' is no pillar; use one of: {string.Join(", ", Enum.GetNames<WafPillar>())}.");
                continue;
            }

            var title = WafPillars.Title(pillar);
            items.AddRange(pillarDocument.Components.Select((c, i) => Item(c, $"pillars[{p}].components[{i}]", AssessmentSection.PillarComponent, title, "") with { Pillar = pillar }));
            items.AddRange(pillarDocument.Recommendations.Select((c, i) => Item(c, $"pillars[{p}].recommendations[{i}]", AssessmentSection.PillarRecommendation, title, "") with { Pillar = pillar }));
        }

        for (var p = 0; p < document.Phases.Count; p++)
        {
            var phase = document.Phases[p];
            for (var g = 0; g < phase.Groups.Count; g++)
            {
                var group = phase.Groups[g];
                items.AddRange(group.Items.Select((c, i) => Item(c, $"phases[{p}].groups[{g}].items[{i}]", AssessmentSection.PhasePlan, $"Phase {phase.Phase}: {phase.Title}", group.Title)));
            }
        }

        foreach (var duplicate in items.GroupBy(i => i.Id, StringComparer.Ordinal).Where(g => g.Count() > 1 || g.Key.Length == 0))
        {
            problems.Add(new Problem(shown, duplicate.Last().Line, 1, Code + ".id", duplicate.Key.Length == 0 ? "an item has no id; give every item a unique id." : $"id '{duplicate.Key}' is used {duplicate.Count()} times; ids are unique."));
        }

        foreach (var empty in items.Where(i => string.IsNullOrWhiteSpace(i.Text)))
        {
            problems.Add(new Problem(shown, empty.Line, 1, Code + ".text", $"item '{empty.Id}' has no text; write the assessment's wording."));
        }

        ProblemsException.ThrowIfAny(problems);
        return new AssessmentDeclaration(items);
    }

    private static readonly IDeserializer Deserializer = new DeserializerBuilder().WithNamingConvention(CamelCaseNamingConvention.Instance).Build();

    private sealed class Document
    {
        public List<ItemDocument> Medallion { get; set; } = [];
        public List<PillarDocument> Pillars { get; set; } = [];
        public List<PhaseDocument> Phases { get; set; } = [];
    }

    private sealed class ItemDocument
    {
        public string Id { get; set; } = "";
        public string? Layer { get; set; }
        public string Text { get; set; } = "";
        public string? Gap { get; set; }
        public List<EvidenceDocument> Evidence { get; set; } = [];
    }

    private sealed class EvidenceDocument
    {
        public List<string> Rules { get; set; } = [];
        public string? Check { get; set; }
        public string? Argument { get; set; }
    }

    private sealed class PillarDocument
    {
        public string Pillar { get; set; } = "";
        public List<ItemDocument> Components { get; set; } = [];
        public List<ItemDocument> Recommendations { get; set; } = [];
    }

    private sealed class PhaseDocument
    {
        public int Phase { get; set; }
        public string Title { get; set; } = "";
        public List<GroupDocument> Groups { get; set; } = [];
    }

    private sealed class GroupDocument
    {
        public string Title { get; set; } = "";
        public List<ItemDocument> Items { get; set; } = [];
    }
}
