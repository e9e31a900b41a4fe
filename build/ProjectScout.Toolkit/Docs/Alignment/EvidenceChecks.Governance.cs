namespace ProjectScout.Toolkit.Docs.Alignment;

// The checks over governance.yaml and the contracts' column classifications.
public static partial class EvidenceChecks
{
    /// <summary>
    /// Table- and column-level security is declared for every column that needs it: access is declared for every layer,
    /// every classification names declared roles and protects at least one column, every column's classification is
    /// declared, and a column name classified in one table is classified the same in every other (an identifier that is
    /// pii in bronze is pii in gold). Removing a classification from a pii column breaks the last condition. Declarations
    /// alone are partial: aligned once ACCESS.md, generated from the same declarations with the grants and masks, exists.
    /// </summary>
    private static Evidence ColumnSecurity(EvidenceInput input)
    {
        var model = input.Model;
        if (model.Governance is not { } governance)
        {
            return Evidence.Missing("no governance declaration (templates/governance.yaml)");
        }

        if (model.Contracts is not { } contracts)
        {
            return Evidence.Missing("no contracts");
        }

        var columns = contracts.Tables.SelectMany(t => t.Columns.Select(c => (Table: t.Name.ToString(), Column: c.Name, c.Classification))).ToList();
        var problems = new List<string>();
        var uncovered = model.Lakehouse.LayerNames.Where(layer => governance.Access.All(a => a.Layer != layer)).ToList();
        if (uncovered.Count > 0)
        {
            problems.Add($"no access declared for {string.Join(", ", uncovered)}");
        }

        problems.AddRange(columns.Where(c => c.Classification is { } name && governance.Classification(name) is null)
            .Select(c => $"{c.Table}.{c.Column} is classified '{c.Classification}', which governance.yaml does not declare"));
        problems.AddRange(governance.Classifications.Where(k => columns.All(c => c.Classification != k.Name))
            .Select(k => $"classification {k.Name} protects no column"));
        foreach (var name in columns.Where(c => c.Classification is not null).Select(c => c.Column).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            var same = columns.Where(c => c.Column == name).ToList();
            var classes = same.Select(c => c.Classification).Distinct().ToList();
            if (classes.Count > 1)
            {
                var bare = same.Where(c => c.Classification is null).Select(c => c.Table).ToList();
                var first = same.First(c => c.Classification is not null);
                problems.Add(bare.Count > 0
                    ? $"{name} is {first.Classification} in {first.Table} but unclassified (readable in clear) in {string.Join(", ", bare)}"
                    : $"{name} is classified differently across tables ({string.Join(", ", classes)})");
            }
        }

        if (problems.Count > 0)
        {
            return Evidence.Missing(string.Join("; ", problems));
        }

        var classified = columns.Where(c => c.Classification is not null).ToList();
        var declared = $"access declared for {governance.Access.Count} layer(s)/table(s); {classified.Count} classified column(s) (" +
            string.Join(", ", governance.Classifications.Select(k => $"{k.Name}: {classified.Count(c => c.Classification == k.Name)}, {k.Mask.ToString().ToLowerInvariant()} for all but {string.Join("/", k.ClearReaders)}")) +
            ")";
        return input.Documents.Contains(AccessDocumentName)
            ? Evidence.Aligned(declared + $"; grants and masks generated ({AccessDocumentName})")
            : Evidence.Partial(declared + $"; not implemented: no grants or column masks are generated from them yet (no {AccessDocumentName})");
    }

    /// <summary>The per-environment access document generated from governance.yaml and the classifications.</summary>
    public const string AccessDocumentName = "ACCESS.md";
}
