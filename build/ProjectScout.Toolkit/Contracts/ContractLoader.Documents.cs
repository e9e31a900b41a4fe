using ProjectScout.Model.Contracts;

namespace ProjectScout.Toolkit.Contracts;

/// <summary>The YAML shape of a contract file, as YamlDotNet reads it (checked and turned into a TableContract by the loader).</summary>
public sealed partial class ContractLoader
{
    private sealed class ContractDocument
    {
        public string Layer { get; set; } = "";
        public string Table { get; set; } = "";
        public string Description { get; set; } = "";
        public List<string> Keys { get; set; } = [];
        public SampleDocument Sample { get; set; } = new();
        public List<ColumnDocument> Columns { get; set; } = [];
        public List<RuleDocument> Rules { get; set; } = [];
        public LayoutDocument? Layout { get; set; }
    }

    private sealed class SampleDocument
    {
        public int RowsDivisor { get; set; } = 1;
    }

    private sealed class ColumnDocument
    {
        public string Name { get; set; } = "";
        public string Type { get; set; } = "";
        public bool Nullable { get; set; } = true;
        public List<string> Values { get; set; } = [];
        public double? Min { get; set; }
        public double? Max { get; set; }
        public string? Pattern { get; set; }
        public string? References { get; set; }
        public string? Severity { get; set; }
        public string? Sample { get; set; }
        public string? Classification { get; set; }
    }

    private sealed class RuleDocument
    {
        public string? Id { get; set; }
        public string Kind { get; set; } = "";
        public string? Column { get; set; }
        public List<string> Columns { get; set; } = [];
        public List<string> Values { get; set; } = [];
        public double? Min { get; set; }
        public double? Max { get; set; }
        public string? Pattern { get; set; }
        public double? MaxAgeHours { get; set; }
        public string? Against { get; set; }
        public string? AgainstDistinct { get; set; }
        public double Tolerance { get; set; }
        public string? Severity { get; set; }
    }
}
