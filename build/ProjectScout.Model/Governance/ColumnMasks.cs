using ProjectScout.Model.Contracts;

namespace ProjectScout.Model.Governance;

// Which column masks and row filters the declarations imply, as data: no SQL dialect here. The toolkit renders this to
// Databricks SQL (Toolkit/Lakehouse), the offline proof renders the same model to DuckDB, so both enforce one thing.
// Roles stay abstract (governance.yaml's names); each renderer maps them to the environment's principals.

/// <summary>
/// One generated mask function: one per classification and column type, because a mask returns its column's type.
/// Roles in <paramref name="ClearReaders"/> see the value; everyone else sees <paramref name="Style"/>'s output, or NULL
/// when <paramref name="ColumnType"/> is not text (a hash or <c>***</c> is text and would change the column's type).
/// </summary>
public sealed record MaskFunction(string Schema, string Name, string Classification, string ColumnType, MaskStyle Style, IReadOnlyList<string> ClearReaders)
{
    /// <summary>True when the masked value is NULL instead of a hash or the redaction constant.</summary>
    public bool MasksToNull => !ColumnMasks.IsText(ColumnType);
}

/// <summary>A classified column of a contract table and the function that masks it.</summary>
public sealed record ColumnMask(TableName Table, string Column, string ColumnType, string Classification, MaskFunction Function);

/// <summary>
/// One generated row-filter function (a BOOLEAN function of the filter column): roles in <paramref name="AllRowsReaders"/>
/// see every row; everyone else sees only rows whose column value is one of <paramref name="VisibleValues"/> (none when empty).
/// </summary>
public sealed record RowFilterFunction(string Schema, string Name, string ColumnType, IReadOnlyList<string> AllRowsReaders, IReadOnlyList<string> VisibleValues);

/// <summary>A contract table's row filter: the column it reads and its function.</summary>
public sealed record TableRowFilter(TableName Table, string Column, RowFilterFunction Function);

/// <summary>Every mask and row filter the declarations imply, sorted (layer order, table, column) for stable output.</summary>
public sealed record ColumnMaskModel(
    IReadOnlyList<MaskFunction> MaskFunctions,
    IReadOnlyList<ColumnMask> Masks,
    IReadOnlyList<RowFilterFunction> RowFilterFunctions,
    IReadOnlyList<TableRowFilter> RowFilters)
{
    public IEnumerable<ColumnMask> MasksOf(TableName table) => Masks.Where(m => m.Table == table);

    public TableRowFilter? RowFilterOf(TableName table) => RowFilters.FirstOrDefault(f => f.Table == table);
}

/// <summary>Builds the <see cref="ColumnMaskModel"/> from governance.yaml and the contracts. Pure.</summary>
public static class ColumnMasks
{
    public static ColumnMaskModel Build(GovernanceDeclaration governance, ContractSet contracts)
    {
        var functions = new SortedDictionary<string, MaskFunction>(StringComparer.Ordinal);
        var masks = new List<ColumnMask>();
        foreach (var table in contracts.Tables)
        {
            foreach (var column in table.Columns)
            {
                if (column.Classification is not { } name || governance.Classification(name) is not { } classification)
                {
                    continue; // an undeclared classification is a contract problem (ContractChecks), not silently masked here
                }

                var functionName = $"mask_{name}_{Slug(column.Type)}";
                if (!functions.TryGetValue(functionName, out var function))
                {
                    function = new MaskFunction(governance.FunctionSchema, functionName, name, column.Type, classification.Mask,
                        classification.ClearReaders.OrderBy(r => r, StringComparer.Ordinal).ToList());
                    functions.Add(functionName, function);
                }

                masks.Add(new ColumnMask(table.Name, column.Name, column.Type, name, function));
            }
        }

        var filterFunctions = new SortedDictionary<string, RowFilterFunction>(StringComparer.Ordinal);
        var filters = new List<TableRowFilter>();
        foreach (var table in contracts.Tables)
        {
            // A table-level declaration wins over its layer's one: one row filter per table (Unity Catalog allows one).
            var declaration = governance.RowFilters.FirstOrDefault(f => f.Layer == table.Layer && f.Table == table.Name.Table)
                ?? governance.RowFilters.FirstOrDefault(f => f.Layer == table.Layer && f.Table is null);
            if (declaration is null || table.Column(declaration.Column) is not { } column)
            {
                continue; // a layer-wide filter applies to the layer's tables that have the column
            }

            var functionName = $"filter_{declaration.Layer}_{(declaration.Table is null ? "" : declaration.Table + "_")}{declaration.Column}";
            if (!filterFunctions.TryGetValue(functionName, out var function))
            {
                function = new RowFilterFunction(governance.FunctionSchema, functionName, column.Type,
                    declaration.AllRowsReaders.OrderBy(r => r, StringComparer.Ordinal).ToList(), declaration.VisibleValues);
                filterFunctions.Add(functionName, function);
            }

            filters.Add(new TableRowFilter(table.Name, column.Name, function));
        }

        return new ColumnMaskModel(functions.Values.ToList(), masks, filterFunctions.Values.ToList(), filters);
    }

    /// <summary>True for the contract's text types (a hash or a redaction constant fits them).</summary>
    public static bool IsText(string columnType) => columnType.Equals("string", StringComparison.OrdinalIgnoreCase);

    // array<string> → array_string: a function name part from a column type.
    private static string Slug(string type) =>
        string.Join('_', type.ToLowerInvariant().Split(['<', '>', ',', ' ', '(', ')'], StringSplitOptions.RemoveEmptyEntries));
}
