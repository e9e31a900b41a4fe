using System.Text.RegularExpressions;
using ProjectScout.Model.Diagnostics;
using ProjectScout.Model.Environments;
using ProjectScout.Model.Governance;
using ProjectScout.Toolkit.IO;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace ProjectScout.Toolkit.Governance;

/// <summary>Reads templates/governance.yaml into a <see cref="GovernanceDeclaration"/>; every problem names its file and line.</summary>
public static class GovernanceLoader
{
    private const string Code = "governance";

    /// <summary>Reads and checks the file against the declared <paramref name="layers"/>; throws <see cref="ProblemsException"/> listing every problem.</summary>
    public static GovernanceDeclaration Load(string path, IReadOnlyList<string> layers, Func<string, string>? display = null)
    {
        var (declaration, problems) = TryLoad(path, layers, display);
        ProblemsException.ThrowIfAny(problems);
        return declaration!;
    }

    public static (GovernanceDeclaration? Declaration, IReadOnlyList<Problem> Problems) TryLoad(string path, IReadOnlyList<string> layers, Func<string, string>? display = null)
    {
        var shown = (display ?? (p => p))(path);
        if (!File.Exists(path))
        {
            return (null, [new Problem(shown, 0, 0, Code + ".missing", "the governance declaration is missing; restore templates/governance.yaml (roles, access, classifications).")]);
        }

        var read = YamlFile.Read<Document>(path, shown, Code, Deserializer, message =>
            (message.Contains("not found on type", StringComparison.Ordinal)
                ? $"unknown field '{message.Split('\'').Skip(1).FirstOrDefault()}' (see the comments in templates/governance.yaml)"
                : message.TrimEnd('.')) + "; fix the YAML at this position.");
        if (read.Problem is { } stop)
        {
            return (null, [stop]);
        }

        if (read.Document is not { } document)
        {
            return (null, [new Problem(shown, 1, 1, Code + ".empty", "the governance declaration is empty; declare roles, access and classifications.")]);
        }

        var problems = new List<Problem>();
        var declaration = new Checker(document, read.Locations!, shown, layers, problems).Build();
        return (problems.Count == 0 ? declaration : null, problems);
    }

    private sealed class Checker(Document document, YamlLocations locations, string file, IReadOnlyList<string> layers, List<Problem> problems)
    {
        public GovernanceDeclaration Build()
        {
            var roles = document.Roles;
            if (!roles.Contains(document.PipelineRole))
            {
                Add("pipelineRole", $"pipelineRole '{document.PipelineRole}' is not one of roles ({string.Join(", ", roles)}); name the role the jobs run as.");
            }

            var access = new List<LayerAccess>();
            for (var i = 0; i < document.Access.Count; i++)
            {
                var entry = document.Access[i];
                var at = $"access[{i}]";
                if (!layers.Contains(entry.Layer))
                {
                    Add(at + ".layer", $"'{entry.Layer}' is not a layer of templates/lakehouse.yaml; use one of {string.Join(", ", layers)}.");
                }

                foreach (var role in entry.Grants.Keys.Where(r => !roles.Contains(r)))
                {
                    Add(at + ".grants." + role, $"role '{role}' is not declared under roles; add it there or correct the name.");
                }

                access.Add(new LayerAccess(entry.Layer, entry.Table,
                    entry.Grants.OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => new AccessGrant(g.Key, g.Value)).ToList(), locations.Of(at).Line));
            }

            var classifications = new List<DataClassification>();
            for (var i = 0; i < document.Classifications.Count; i++)
            {
                var c = document.Classifications[i];
                var at = $"classifications[{i}]";
                foreach (var reader in c.ClearReaders.Where(r => !roles.Contains(r)))
                {
                    Add(at + ".clearReaders", $"role '{reader}' is not declared under roles.");
                }

                if (!Enum.TryParse<MaskStyle>(c.Mask, ignoreCase: true, out var mask))
                {
                    Add(at + ".mask", $"mask '{c.Mask}' is not one of hash, redact.");
                }

                classifications.Add(new DataClassification(c.Name, c.Description, c.ClearReaders, mask));
            }

            var patterns = new List<FreeTextPattern>();
            for (var i = 0; i < document.FreeTextPatterns.Count; i++)
            {
                var p = document.FreeTextPatterns[i];
                try
                {
                    _ = new Regex(p.Regex);
                }
                catch (ArgumentException ex)
                {
                    Add($"freeTextPatterns[{i}].regex", $"the regex of '{p.Name}' does not compile ({ex.Message}).");
                }

                patterns.Add(new FreeTextPattern(p.Name, p.Regex, p.Replacement));
            }

            var rowFilters = new List<RowFilterDeclaration>();
            for (var i = 0; i < document.RowFilters.Count; i++)
            {
                var f = document.RowFilters[i];
                var at = $"rowFilters[{i}]";
                if (!layers.Contains(f.Layer))
                {
                    Add(at + ".layer", $"'{f.Layer}' is not a layer of templates/lakehouse.yaml; use one of {string.Join(", ", layers)}.");
                }

                if (f.Column.Length == 0)
                {
                    Add(at, "a row filter needs the column it filters on (column:).");
                }

                foreach (var reader in f.AllRowsReaders.Where(r => !roles.Contains(r)))
                {
                    Add(at + ".allRowsReaders", $"role '{reader}' is not declared under roles.");
                }

                rowFilters.Add(new RowFilterDeclaration(f.Layer, f.Table, f.Column, f.AllRowsReaders, f.VisibleValues, locations.Of(at).Line));
            }

            foreach (var duplicate in rowFilters.GroupBy(f => (f.Layer, f.Table)).Where(g => g.Count() > 1))
            {
                Add($"rowFilters[{rowFilters.IndexOf(duplicate.Last())}]",
                    $"{duplicate.Key.Layer}{(duplicate.Key.Table is null ? "" : "." + duplicate.Key.Table)} has more than one row filter; a table takes one, merge them.");
            }

            if (!Regex.IsMatch(document.FunctionSchema, "^[a-z][a-z0-9_]*$"))
            {
                Add("functionSchema", $"functionSchema '{document.FunctionSchema}' must be a lowercase schema name (letters, digits, underscores).");
            }

            for (var i = 0; i < document.Access.Count; i++)
            {
                var securable = document.Access[i].Table is null ? UnityCatalogPrivileges.Schema : UnityCatalogPrivileges.Table;
                foreach (var (role, privileges) in document.Access[i].Grants)
                {
                    foreach (var privilege in privileges.Where(p => !UnityCatalogPrivileges.Accepts(securable, p)))
                    {
                        Add($"access[{i}].grants.{role}", $"'{privilege}' is not a Unity Catalog privilege on a {securable}; use one of {string.Join(", ", UnityCatalogPrivileges.BySecurable[securable])}.");
                    }
                }
            }

            var objectPermissions = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);
            foreach (var (type, levels) in document.ObjectPermissions)
            {
                if (!ObjectPermissionLevels.ByType.TryGetValue(type, out var allowed))
                {
                    Add("objectPermissions." + type, $"'{type}' is not an object type the toolkit sets permissions on; use one of {string.Join(", ", ObjectPermissionLevels.ByType.Keys)}.");
                    continue;
                }

                foreach (var (role, level) in levels)
                {
                    if (!roles.Contains(role))
                    {
                        Add($"objectPermissions.{type}.{role}", $"role '{role}' is not declared under roles.");
                    }
                    else if (!allowed.Contains(level))
                    {
                        Add($"objectPermissions.{type}.{role}", $"'{level}' is not a permission level of {type}; use one of {string.Join(", ", allowed)}.");
                    }
                }

                objectPermissions[type] = new SortedDictionary<string, string>(levels, StringComparer.Ordinal);
            }

            var warehouse = document.SqlWarehouse;
            if (!SqlWarehouseDeclaration.ClusterSizes.Contains(warehouse.ClusterSize))
            {
                Add("sqlWarehouse.clusterSize", $"'{warehouse.ClusterSize}' is not a warehouse size; use one of {string.Join(", ", SqlWarehouseDeclaration.ClusterSizes)}.");
            }

            if (warehouse.AutoStopMins < 10)
            {
                Add("sqlWarehouse.autoStopMins", $"autoStopMins {warehouse.AutoStopMins} is below the service's minimum of 10; a warehouse that never stops (0) is not what a deploy needs.");
            }

            if (warehouse.MaxNumClusters is < 1 or > 40)
            {
                Add("sqlWarehouse.maxNumClusters", $"maxNumClusters {warehouse.MaxNumClusters} must be between 1 and 40.");
            }

            if (document.JobPermissionReadsPerDeploy is < 1)
            {
                Add("jobPermissionReadsPerDeploy", $"jobPermissionReadsPerDeploy {document.JobPermissionReadsPerDeploy} must be at least 1; remove the key to read every job's grants on every deploy.");
            }

            foreach (var (role, privileges) in document.CatalogSchemas)
            {
                if (!roles.Contains(role))
                {
                    Add("catalogSchemas." + role, $"role '{role}' is not declared under roles; add it there or correct the name.");
                }

                foreach (var privilege in privileges.Where(p => !UnityCatalogPrivileges.Accepts(UnityCatalogPrivileges.Schema, p)))
                {
                    Add("catalogSchemas." + role, $"'{privilege}' is not a Unity Catalog privilege on a {UnityCatalogPrivileges.Schema}; use one of {string.Join(", ", UnityCatalogPrivileges.BySecurable[UnityCatalogPrivileges.Schema])}.");
                }
            }

            return new GovernanceDeclaration(roles, document.PipelineRole, classifications, patterns, access, document.LlmProviderHosts, document.FunctionSchema)
            {
                CatalogSchemaGrants = document.CatalogSchemas.OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => new AccessGrant(g.Key, g.Value)).ToList(),
                RowFilters = rowFilters,
                ObjectPermissions = objectPermissions,
                SqlWarehouse = new SqlWarehouseDeclaration(warehouse.ClusterSize, warehouse.AutoStopMins, warehouse.MaxNumClusters),
                JobPermissionReadsPerDeploy = document.JobPermissionReadsPerDeploy,
            };
        }

        private void Add(string path, string message)
        {
            var (line, column) = locations.Of(path);
            problems.Add(new Problem(file, line, column, Code + ".invalid", message));
        }
    }

    private static readonly IDeserializer Deserializer = new DeserializerBuilder()
        .WithNamingConvention(CamelCaseNamingConvention.Instance)
        .Build();

    // The YAML shape (camelCase keys); unknown keys are syntax problems.
    private sealed class Document
    {
        public string PipelineRole { get; set; } = "";
        public List<string> Roles { get; set; } = [];
        public List<AccessDocument> Access { get; set; } = [];
        public List<ClassificationDocument> Classifications { get; set; } = [];
        public List<PatternDocument> FreeTextPatterns { get; set; } = [];
        public List<string> LlmProviderHosts { get; set; } = [];
        public string FunctionSchema { get; set; } = "";
        public Dictionary<string, List<string>> CatalogSchemas { get; set; } = [];
        public List<RowFilterDocument> RowFilters { get; set; } = [];
        public Dictionary<string, Dictionary<string, string>> ObjectPermissions { get; set; } = [];
        public WarehouseDocument SqlWarehouse { get; set; } = new();
        public int? JobPermissionReadsPerDeploy { get; set; }
    }

    private sealed class WarehouseDocument
    {
        public string ClusterSize { get; set; } = "2X-Small";
        public int AutoStopMins { get; set; } = 10;
        public int MaxNumClusters { get; set; } = 1;
    }

    private sealed class RowFilterDocument
    {
        public string Layer { get; set; } = "";
        public string? Table { get; set; }
        public string Column { get; set; } = "";
        public List<string> AllRowsReaders { get; set; } = [];
        public List<string> VisibleValues { get; set; } = [];
    }

    private sealed class AccessDocument
    {
        public string Layer { get; set; } = "";
        public string? Table { get; set; }
        public Dictionary<string, List<string>> Grants { get; set; } = [];
    }

    private sealed class ClassificationDocument
    {
        public string Name { get; set; } = "";
        public string Description { get; set; } = "";
        public List<string> ClearReaders { get; set; } = [];
        public string Mask { get; set; } = "";
    }

    private sealed class PatternDocument
    {
        public string Name { get; set; } = "";
        public string Regex { get; set; } = "";
        public string Replacement { get; set; } = "";
    }
}
