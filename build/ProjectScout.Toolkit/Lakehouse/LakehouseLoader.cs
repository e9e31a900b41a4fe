using System.Text.RegularExpressions;
using ProjectScout.Model.Diagnostics;
using ProjectScout.Model.Environments;
using ProjectScout.Model.Lakehouse;
using ProjectScout.Model.Layout;
using ProjectScout.Toolkit.Environments;
using ProjectScout.Toolkit.IO;
using ProjectScout.Toolkit.Layout;
using YamlDotNet.Core;
using YamlDotNet.Serialization.NamingConventions;
using YamlDotNet.Serialization;

namespace ProjectScout.Toolkit.Lakehouse;

/// <summary>Reads templates/lakehouse.yaml into a <see cref="LakehouseDeclaration"/>; every problem names its file and line.</summary>
public static partial class LakehouseLoader
{
    private const string Code = "lakehouse";

    /// <summary>The repository's declaration; throws <see cref="ProblemsException"/> listing every problem.</summary>
    public static LakehouseDeclaration Load(ToolkitLayout layout) => Load(layout.Lakehouse, layout.Display);

    public static LakehouseDeclaration Load(string path, Func<string, string>? display = null)
    {
        var (declaration, problems) = TryLoad(path, display);
        ProblemsException.ThrowIfAny(problems);
        return declaration!;
    }

    public static (LakehouseDeclaration? Declaration, IReadOnlyList<Problem> Problems) TryLoad(string path, Func<string, string>? display = null)
    {
        var shown = (display ?? (p => p))(path);
        if (!File.Exists(path))
        {
            return (null, [new Problem(shown, 0, 0, Code + ".missing", "the lakehouse declaration is missing; restore templates/lakehouse.yaml (layers, cluster profiles, lake).")]);
        }

        var read = YamlFile.Read<Document>(path, shown, Code, Deserializer, message =>
            (message.Contains("not found on type", StringComparison.Ordinal)
                ? $"unknown field '{message.Split('\'').Skip(1).FirstOrDefault()}' (see the comments in templates/lakehouse.yaml)"
                : message.TrimEnd('.')) + "; fix the YAML at this position.");
        if (read.Problem is { } stop)
        {
            return (null, [stop]);
        }

        var (document, locations) = (read.Document, read.Locations!);
        if (document is null)
        {
            return (null, [new Problem(shown, 1, 1, Code + ".empty", "the lakehouse declaration is empty; declare qualityGate, clusterProfiles, layers and lake.")]);
        }

        var problems = new List<Problem>();
        var declaration = new Checker(document, locations, shown, problems).Build();
        return (problems.Count == 0 ? declaration : null, problems);
    }

    private sealed class Checker(Document document, YamlLocations locations, string file, List<Problem> problems)
    {
        public LakehouseDeclaration Build()
        {
            var gate = document.QualityGate;
            Match("qualityGate.taskKeySuffix", gate.TaskKeySuffix, GateSuffixRegex(), "a suffix such as _quality (an underscore, then lowercase letters, digits or '_')");
            Match("qualityGate.notebookFolder", gate.NotebookFolder, IdentifierRegex(), "a folder name of lowercase letters, digits and '_'");
            AtLeast("qualityGate.timeoutSeconds", gate.TimeoutSeconds, 1);

            if (document.ClusterProfiles.Count == 0)
            {
                Add("clusterProfiles", "no cluster profile is declared; declare at least one under clusterProfiles.");
            }

            var profiles = document.ClusterProfiles.Select(Profile).ToList();
            Unique("clusterProfiles", "key", profiles.Select(p => p.Key));
            Unique("clusterProfiles", "jobClusterKey", profiles.Select(p => p.JobClusterKey));
            Unique("clusterProfiles", "policy", profiles.Select(p => p.Policy));

            if (document.Layers.Count == 0)
            {
                Add("layers", "no layer is declared; declare the layers in pipeline order under layers.");
            }

            var layers = document.Layers.Select((l, i) => Layer(l, i, gate, profiles)).ToList();
            Unique("layers", "name", layers.Select(l => l.Name));
            Unique("layers", "container", layers.Select(l => l.Container));

            var lake = document.Lake;
            for (var i = 0; i < lake.RetentionContainers.Count; i++)
            {
                Match($"lake.retentionContainers[{i}]", lake.RetentionContainers[i], ContainerRegex(), "a storage container name (3-63 lowercase letters, digits and '-')");
                if (layers.Any(l => l.Container == lake.RetentionContainers[i]))
                {
                    Add($"lake.retentionContainers[{i}]", $"'{lake.RetentionContainers[i]}' is a layer's container; retention containers expire files by age and must not hold Delta tables.");
                }
            }

            if (!lake.RetentionContainers.Contains(lake.InventoryContainer))
            {
                Add("lake.inventoryContainer", $"'{lake.InventoryContainer}' is not one of lake.retentionContainers; the inventory reports expire by age.");
            }

            Match("lake.backupContainer", lake.BackupContainer, ContainerRegex(), "a storage container name (3-63 lowercase letters, digits and '-')");
            return new LakehouseDeclaration(layers, profiles,
                new QualityGateConvention(gate.TaskKeySuffix, gate.NotebookFolder, gate.TimeoutSeconds),
                new LakeStorage(lake.RetentionContainers, lake.InventoryContainer, lake.BackupContainer),
                UnityCatalog(document.UnityCatalog, layers));
        }

        private UnityCatalogConvention UnityCatalog(UnityCatalogDocument uc, IReadOnlyList<LakehouseLayer> layers)
        {
            if (layers.All(l => l.Name != uc.StorageRootLayer))
            {
                Add("unityCatalog.storageRootLayer", $"'{uc.StorageRootLayer}' is not a declared layer; name the layer whose container holds the catalog's storage root ({string.Join(", ", layers.Select(l => l.Name))}).");
            }

            Match("unityCatalog.storageRootPath", uc.StorageRootPath, IdentifierRegex(), "a folder name of lowercase letters, digits and '_'");
            Match("unityCatalog.resultsSchema", uc.ResultsSchema, IdentifierRegex(), "a lowercase SQL identifier (a schema of the environment's catalog)");
            if (layers.Any(l => l.Schema == uc.ResultsSchema))
            {
                Add("unityCatalog.resultsSchema", $"'{uc.ResultsSchema}' is a layer's schema; give it its own name.");
            }

            Match("unityCatalog.resultsTable", uc.ResultsTable, IdentifierRegex(), "a lowercase SQL identifier (the quality gates' results table)");
            for (var i = 0; i < uc.SystemSchemas.Count; i++)
            {
                Match($"unityCatalog.systemSchemas[{i}]", uc.SystemSchemas[i], IdentifierRegex(), "a system schema name such as access or billing");
            }

            return new UnityCatalogConvention(uc.StorageRootLayer, uc.StorageRootPath, uc.ResultsSchema, uc.ResultsTable, uc.SystemSchemas.Distinct().ToList());
        }

        private ClusterProfile Profile(ProfileDocument p, int index)
        {
            var at = $"clusterProfiles[{index}]";
            Match(at + ".key", p.Key, ProfileKeyRegex(), "a camelCase key such as goldPlatinum (the environment files size it under databricks.clusters)");
            Match(at + ".jobClusterKey", p.JobClusterKey, ClusterKeyRegex(), "a job cluster key of letters, digits and '_'");
            Match(at + ".policy", p.Policy, PolicyKeyRegex(), "a policy key of lowercase letters, digits, '_' and '-'");
            Required(at + ".tag", p.Tag);
            return new ClusterProfile(p.Key, p.JobClusterKey, p.Policy, p.Tag, p.SparkConf.ToList());
        }

        private LakehouseLayer Layer(LayerDocument l, int index, GateDocument gate, IReadOnlyList<ClusterProfile> profiles)
        {
            var at = $"layers[{index}]";
            Match(at + ".name", l.Name, IdentifierRegex(), "a lowercase SQL identifier (it is the layer's schema)");
            Required(at + ".purpose", l.Purpose);
            Required(at + ".retention", l.Retention);
            Match(at + ".container", l.Container, ContainerRegex(), "a storage container name (3-63 lowercase letters, digits and '-')");
            if (l.Cluster.Length == 0 || profiles.All(p => p.Key != l.Cluster))
            {
                Add(at + ".cluster", $"'{l.Cluster}' is not a declared cluster profile; use one of {string.Join(", ", profiles.Select(p => p.Key))}.");
            }

            var w = l.Work;
            Required(at + ".work.summary", w.Summary);
            Match(at + ".work.notebook", w.Notebook, NotebookRegex(), "a notebook path under notebooks/ without extension, e.g. juicer_ingest_bronze");
            AtLeast(at + ".work.timeoutSeconds", w.TimeoutSeconds, 1);
            AtLeast(at + ".work.maxRetries", w.MaxRetries, 0);
            AtLeast(at + ".work.minRetryIntervalMillis", w.MinRetryIntervalMillis, 0);
            var gateKey = l.Name + gate.TaskKeySuffix;
            return new LakehouseLayer(l.Name, l.Purpose, l.Container, l.Cluster, l.Served, l.Retention,
                new LayerWork(w.Summary, w.Description, w.Notebook, w.Parameters.ToList(), w.TimeoutSeconds, w.MaxRetries, w.MinRetryIntervalMillis, w.RetryOnTimeout),
                new LayerGate(gateKey, gate.NotebookFolder + "/" + gateKey));
        }

        private void Unique(string list, string field, IEnumerable<string> values)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var i = 0;
            foreach (var value in values)
            {
                if (value.Length > 0 && !seen.Add(value))
                {
                    Add($"{list}[{i}].{field}", $"{field} '{value}' is declared twice in {list}; each must be unique.");
                }

                i++;
            }
        }

        private void Required(string path, string value)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                Add(path, $"{path} is required.");
            }
        }

        private void Match(string path, string value, Regex regex, string expected)
        {
            if (string.IsNullOrEmpty(value))
            {
                Add(path, $"{path} is required: {expected}.");
            }
            else if (!regex.IsMatch(value))
            {
                Add(path, $"'{value}' is not valid here: use {expected}.");
            }
        }

        private void AtLeast(string path, int value, int minimum)
        {
            if (value < minimum)
            {
                Add(path, $"{path} is {value}; it must be at least {minimum}.");
            }
        }

        private void Add(string path, string message)
        {
            var (line, column) = locations.Of(path);
            problems.Add(new Problem(file, line, column, Code + ".invalid", message));
        }
    }

    [GeneratedRegex("^_[a-z0-9_]+$")]
    private static partial Regex GateSuffixRegex();

    [GeneratedRegex("^[a-z_][a-z0-9_]*$")]
    private static partial Regex IdentifierRegex();

    [GeneratedRegex("^[a-z][A-Za-z0-9]*$")]
    private static partial Regex ProfileKeyRegex();

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_]*$")]
    private static partial Regex ClusterKeyRegex();

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]*$")]
    private static partial Regex PolicyKeyRegex();

    [GeneratedRegex("^(?!.*--)[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$")]
    private static partial Regex ContainerRegex();

    [GeneratedRegex("^[A-Za-z0-9_][A-Za-z0-9_-]*(/[A-Za-z0-9_][A-Za-z0-9_-]*)*$")]
    private static partial Regex NotebookRegex();

    private static readonly IDeserializer Deserializer = new DeserializerBuilder()
        .WithNamingConvention(CamelCaseNamingConvention.Instance)
        .Build();

    // The YAML shape (camelCase keys); unknown keys are syntax problems.
    private sealed class Document
    {
        public GateDocument QualityGate { get; set; } = new();
        public List<ProfileDocument> ClusterProfiles { get; set; } = [];
        public List<LayerDocument> Layers { get; set; } = [];
        public LakeDocument Lake { get; set; } = new();
        public UnityCatalogDocument UnityCatalog { get; set; } = new();
    }

    private sealed class UnityCatalogDocument
    {
        public string StorageRootLayer { get; set; } = "";
        public string StorageRootPath { get; set; } = "";
        public string ResultsSchema { get; set; } = "";
        public string ResultsTable { get; set; } = "";
        public List<string> SystemSchemas { get; set; } = [];
    }

    private sealed class GateDocument
    {
        public string TaskKeySuffix { get; set; } = "";
        public string NotebookFolder { get; set; } = "";
        public int TimeoutSeconds { get; set; }
    }

    private sealed class ProfileDocument
    {
        public string Key { get; set; } = "";
        public string JobClusterKey { get; set; } = "";
        public string Policy { get; set; } = "";
        public string Tag { get; set; } = "";
        public Dictionary<string, string> SparkConf { get; set; } = [];
    }

    private sealed class LayerDocument
    {
        public string Name { get; set; } = "";
        public string Purpose { get; set; } = "";
        public string Container { get; set; } = "";
        public string Cluster { get; set; } = "";
        public bool Served { get; set; }
        public string Retention { get; set; } = "";
        public WorkDocument Work { get; set; } = new();
    }

    private sealed class WorkDocument
    {
        public string Summary { get; set; } = "";
        public string? Description { get; set; }
        public string Notebook { get; set; } = "";
        public Dictionary<string, string> Parameters { get; set; } = [];
        public int TimeoutSeconds { get; set; }
        public int MaxRetries { get; set; }
        public int MinRetryIntervalMillis { get; set; }
        public bool RetryOnTimeout { get; set; }
    }

    private sealed class LakeDocument
    {
        public List<string> RetentionContainers { get; set; } = [];
        public string InventoryContainer { get; set; } = "";
        public string BackupContainer { get; set; } = "";
    }
}
