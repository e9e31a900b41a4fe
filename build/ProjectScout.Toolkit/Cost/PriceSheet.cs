using System.Globalization;
using ProjectScout.Model.Diagnostics;
using ProjectScout.Toolkit.IO;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace ProjectScout.Toolkit.Cost;

/// <summary>One list price: <paramref name="Amount"/> USD per <paramref name="Unit"/>, read on <paramref name="AsOf"/> from <paramref name="Source"/>.</summary>
public sealed record Price(string Key, string Unit, decimal Amount, string Region, DateOnly AsOf, string Source);

/// <summary>DBUs per hour of one node of <paramref name="NodeType"/> on jobs compute.</summary>
public sealed record DbuRate(string NodeType, decimal DbuPerHour, DateOnly AsOf, string Source);

/// <summary>templates/prices.yaml: the dated prices, the DBU rates and the resource types with no charge of their own.</summary>
public sealed record PriceSheet(string Currency, IReadOnlyList<Price> Prices, IReadOnlyList<DbuRate> DbuRates, IReadOnlyDictionary<string, string> NoCharge)
{
    public const string FileName = "prices.yaml";

    public Price? Find(string key) => Prices.FirstOrDefault(p => p.Key == key);

    public DbuRate? Dbu(string nodeType) => DbuRates.FirstOrDefault(r => r.NodeType == nodeType);
}

/// <summary>templates/cost-assumptions.yaml: job-cluster hours per run, GB stored per account role, Log Analytics GB per day.</summary>
public sealed record CostAssumptions(
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, decimal>> JobHours,
    IReadOnlyDictionary<string, decimal> StorageGb,
    decimal LogIngestionGbPerDay)
{
    public const string FileName = "cost-assumptions.yaml";
}

/// <summary>Reads the price sheet and the assumptions; every price must carry its date and its source.</summary>
public static class PriceSheetLoader
{
    private const string Code = "prices";

    public static PriceSheet LoadPrices(string path, Func<string, string>? display = null)
    {
        var shown = (display ?? (p => p))(path);
        var document = Read<PricesDocument>(path, shown);
        var locations = YamlLocationsOf(path);
        var problems = new List<Problem>();
        void Add(string at, string message)
        {
            var (line, column) = locations.Of(at);
            problems.Add(new Problem(shown, line, column, Code + ".invalid", message));
        }

        DateOnly Date(string? text, string at)
        {
            if (DateOnly.TryParseExact(text ?? "", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                return date;
            }

            Add(at, $"asOf '{text}' is not a date (yyyy-MM-dd); every price says when it was read.");
            return default;
        }

        var prices = document.Prices.Select((p, i) =>
        {
            if (string.IsNullOrWhiteSpace(p.Source))
            {
                Add($"prices[{i}]", $"price '{p.Key}' has no source; name the Retail Prices API query or the document it comes from.");
            }

            if (p.Amount is null or < 0)
            {
                Add($"prices[{i}]", $"price '{p.Key}' has no amount (a non-negative number).");
            }

            return new Price(p.Key, p.Unit, p.Amount ?? 0, p.Region, Date(p.AsOf, $"prices[{i}].asOf"), p.Source ?? "");
        }).ToList();
        var rates = document.DbuRates.Select((r, i) =>
        {
            if (string.IsNullOrWhiteSpace(r.Source))
            {
                Add($"dbuRates[{i}]", $"DBU rate of '{r.NodeType}' has no source.");
            }

            return new DbuRate(r.NodeType, r.DbuPerHour, Date(r.AsOf, $"dbuRates[{i}].asOf"), r.Source ?? "");
        }).ToList();
        foreach (var duplicate in prices.GroupBy(p => p.Key).Where(g => g.Count() > 1))
        {
            problems.Add(new Problem(shown, 0, 0, Code + ".duplicate", $"price '{duplicate.Key}' is declared {duplicate.Count()} times; keep one."));
        }

        ProblemsException.ThrowIfAny(problems);
        return new PriceSheet(document.Currency, prices, rates, document.NoCharge.ToDictionary(n => n.Type, n => n.Reason, StringComparer.OrdinalIgnoreCase));
    }

    public static CostAssumptions LoadAssumptions(string path, Func<string, string>? display = null)
    {
        var document = Read<AssumptionsDocument>(path, (display ?? (p => p))(path));
        return new CostAssumptions(
            document.JobHours.ToDictionary(j => j.Key, j => (IReadOnlyDictionary<string, decimal>)new Dictionary<string, decimal>(j.Value, StringComparer.Ordinal), StringComparer.Ordinal),
            new Dictionary<string, decimal>(document.StorageGb, StringComparer.Ordinal),
            document.LogIngestionGbPerDay);
    }

    private static T Read<T>(string path, string shown)
        where T : class, new()
    {
        if (!File.Exists(path))
        {
            throw new ProblemsException([new Problem(shown, 0, 0, Code + ".missing", $"{Path.GetFileName(path)} is missing; restore it under templates/.")]);
        }

        var read = YamlFile.Read<T>(path, shown, Code, Deserializer, message => message.TrimEnd('.') + "; fix the YAML at this position.");
        return read.Problem is { } stop ? throw new ProblemsException([stop]) : read.Document ?? new T();
    }

    private static Model.Environments.YamlLocations YamlLocationsOf(string path) => Model.Environments.YamlLocations.Read(File.ReadAllText(path));

    private static readonly IDeserializer Deserializer = new DeserializerBuilder().WithNamingConvention(CamelCaseNamingConvention.Instance).Build();

    private sealed class PricesDocument
    {
        public string Currency { get; set; } = "USD";
        public List<PriceDocument> Prices { get; set; } = [];
        public List<RateDocument> DbuRates { get; set; } = [];
        public List<NoChargeDocument> NoCharge { get; set; } = [];
    }

    private sealed class PriceDocument
    {
        public string Key { get; set; } = "";
        public string Unit { get; set; } = "";
        public decimal? Amount { get; set; }
        public string Region { get; set; } = "";
        public string? AsOf { get; set; }
        public string? Source { get; set; }
    }

    private sealed class RateDocument
    {
        public string NodeType { get; set; } = "";
        public decimal DbuPerHour { get; set; }
        public string? AsOf { get; set; }
        public string? Source { get; set; }
    }

    private sealed class NoChargeDocument
    {
        public string Type { get; set; } = "";
        public string Reason { get; set; } = "";
    }

    private sealed class AssumptionsDocument
    {
        public Dictionary<string, Dictionary<string, decimal>> JobHours { get; set; } = [];
        public Dictionary<string, decimal> StorageGb { get; set; } = [];
        public decimal LogIngestionGbPerDay { get; set; }
    }
}
