namespace ProjectScout.Model.Contracts;

public enum RuleSeverity
{
    Warn,
    Error,
}

public enum RuleKind
{
    NotNull,
    Unique,
    AcceptedValues,
    Range,
    Regex,
    RowCount,
    Freshness,
    References,
    Reconcile,
}

/// <summary>A table's place in the lakehouse: layer (= schema) and table name. The catalog comes from the environment.</summary>
public sealed record TableName(string Layer, string Table)
{
    public override string ToString() => $"{Layer}.{Table}";

    public static TableName? TryParse(string text)
    {
        var parts = text.Split('.');
        return parts.Length == 2 && parts.All(p => p.Length > 0) ? new TableName(parts[0], parts[1]) : null;
    }
}

public sealed record ColumnContract(
    string Name,
    string Type,
    bool Nullable,
    IReadOnlyList<string> AcceptedValues,
    double? Min,
    double? Max,
    string? Pattern,
    string? Sample,
    int Line)
{
    /// <summary>The column's data classification (templates/governance.yaml, e.g. <c>pii</c>), or null when unclassified.</summary>
    public string? Classification { get; init; }
}

/// <summary>One quality rule, whether written in <c>rules:</c> or derived from a column or key declaration.</summary>
public sealed record QualityRule
{
    public required string Id { get; init; }
    public required RuleKind Kind { get; init; }
    public required RuleSeverity Severity { get; init; }
    public IReadOnlyList<string> Columns { get; init; } = [];
    public IReadOnlyList<string> Values { get; init; } = [];
    public double? Min { get; init; }
    public double? Max { get; init; }
    public string? Pattern { get; init; }
    public double? MaxAgeHours { get; init; }

    /// <summary>references: the parent table and column; reconcile: the other layer's table.</summary>
    public TableName? Other { get; init; }
    public string? OtherColumn { get; init; }

    /// <summary>reconcile: allowed relative difference (0 = counts must match).</summary>
    public double Tolerance { get; init; }
    public int Line { get; init; }

    public string Column => Columns.Count > 0 ? Columns[0] : "";

    /// <summary>The rule's threshold as a human-readable string, recorded next to each result.</summary>
    public string Threshold => Kind switch
    {
        RuleKind.NotNull => "0 nulls",
        RuleKind.Unique => "0 duplicates",
        RuleKind.AcceptedValues => "in [" + string.Join(", ", Values) + "]",
        RuleKind.Range or RuleKind.RowCount => $"[{Min?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-inf"}, {Max?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "+inf"}]",
        RuleKind.Regex => Pattern ?? "",
        RuleKind.Freshness => $"<= {MaxAgeHours?.ToString(System.Globalization.CultureInfo.InvariantCulture)} h old",
        RuleKind.References => $"in {Other}.{OtherColumn}",
        RuleKind.Reconcile => $"= {(OtherColumn is null ? "count" : "distinct " + OtherColumn)} of {Other} (tolerance {Tolerance.ToString(System.Globalization.CultureInfo.InvariantCulture)})",
        _ => "",
    };
}

public sealed record TableContract
{
    public required TableName Name { get; init; }
    public required string Description { get; init; }
    public required IReadOnlyList<ColumnContract> Columns { get; init; }
    public required IReadOnlyList<string> Keys { get; init; }
    public required IReadOnlyList<QualityRule> Rules { get; init; }
    public int SampleRowsDivisor { get; init; } = 1;

    /// <summary>Liquid clustering or partitioning, from the contract's <c>layout:</c> (none when absent).</summary>
    public TableLayout Layout { get; init; } = TableLayout.None;

    /// <summary>Repository-relative path of the YAML file.</summary>
    public required string SourceFile { get; init; }

    public string Layer => Name.Layer;

    public ColumnContract? Column(string name) => Columns.FirstOrDefault(c => c.Name == name);
}

/// <summary>Every table contract, in layer order (the lakehouse declaration's <paramref name="layers"/>) then table name.</summary>
public sealed class ContractSet(IReadOnlyList<TableContract> tables, IReadOnlyList<string> layers)
{
    public IReadOnlyList<TableContract> Tables { get; } = tables
        .OrderBy(t => layers.ToList().IndexOf(t.Layer)).ThenBy(t => t.Name.Table, StringComparer.Ordinal).ToList();

    /// <summary>The declared layers in pipeline order.</summary>
    public IReadOnlyList<string> Layers { get; } = layers;

    public TableContract? Find(TableName name) => Tables.FirstOrDefault(t => t.Name == name);

    public IEnumerable<TableContract> InLayer(string layer) => Tables.Where(t => t.Layer == layer);
}
