using ProjectScout.Model.Contracts;
using ProjectScout.Model.Governance;

namespace ProjectScout.Toolkit.Governance;

/// <summary>A mismatch between what the contracts declare and what the generated masks enforce, at its contract line.</summary>
public sealed record AccessFinding(string File, int Line, TableName Table, string Column, string Message)
{
    public override string ToString() => $"{File}({Line},1) access.declaration: {Table}.{Column}: {Message}";
}

/// <summary>
/// Compares the declarations with the generated masks: a column name classified in one contract is classified the
/// same in every other (a classification removed from a copy of <c>customer_id</c> is caught), and every classified
/// column is masked by a function of its classification in the generated secured views (a mask left off is caught).
/// </summary>
public static class AccessDeclarationCheck
{
    public static IReadOnlyList<AccessFinding> Check(ContractSet contracts, IReadOnlyList<SecuredView> views)
    {
        var findings = new List<AccessFinding>();
        var classifiedAs = contracts.Tables
            .SelectMany(t => t.Columns.Where(c => c.Classification is not null).Select(c => (Table: t, Column: c)))
            .GroupBy(x => x.Column.Name, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        foreach (var table in contracts.Tables)
        {
            var view = views.FirstOrDefault(v => v.Table == table.Name);
            foreach (var column in table.Columns)
            {
                if (classifiedAs.TryGetValue(column.Name, out var elsewhere) && column.Classification != elsewhere.Column.Classification)
                {
                    findings.Add(new AccessFinding(table.SourceFile, column.Line, table.Name, column.Name,
                        $"classified '{column.Classification ?? "(none)"}' here but '{elsewhere.Column.Classification}' in {elsewhere.Table.Name} ({elsewhere.Table.SourceFile}); " +
                        $"the same data needs the same classification: set classification: {elsewhere.Column.Classification}"));
                }

                if (column.Classification is null)
                {
                    continue;
                }

                var mask = view?.Columns.FirstOrDefault(c => c.Column == column.Name).Mask;
                if (mask is null || mask.Classification != column.Classification)
                {
                    findings.Add(new AccessFinding(table.SourceFile, column.Line, table.Name, column.Name,
                        $"classified '{column.Classification}' but the generated view {(mask is null ? "reads it in clear" : $"masks it as '{mask.Classification}'")}; the masks must follow the classification"));
                }
            }
        }

        return findings;
    }
}
