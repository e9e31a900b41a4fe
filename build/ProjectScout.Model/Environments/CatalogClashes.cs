using ProjectScout.Model.Diagnostics;

namespace ProjectScout.Model.Environments;

/// <summary>
/// A check across environment files: Azure has one Unity Catalog metastore per region per account, so environments in
/// the same region can share a metastore and must not share a catalog (a stage run would MERGE into prod's tables). The
/// sandbox is local and has a metastore of its own.
/// </summary>
public static class CatalogClashes
{
    /// <summary>One problem per clashing file, at its databricks.catalog line, naming the file and line it clashes with.</summary>
    public static IReadOnlyList<Problem> Find(IEnumerable<(EnvironmentDefinition Definition, YamlLocations Locations)> environments)
    {
        var problems = new List<Problem>();
        // Each environment names two catalogs: its own and its backup catalog (recovery.backupCatalog); none may be shared.
        var groups = environments
            .Where(e => e.Definition.Kind == EnvironmentKind.Azure)
            .SelectMany(e => new[] { (Entry: e, Path: "databricks.catalog", Catalog: e.Definition.Databricks.Catalog), (Entry: e, Path: "recovery.backupCatalog", Catalog: e.Definition.Recovery.BackupCatalog) })
            .Where(c => c.Catalog.Length > 0)
            .GroupBy(c => (Region: c.Entry.Definition.Azure.Location.ToLowerInvariant(), Catalog: c.Catalog.ToLowerInvariant()));
        foreach (var group in groups)
        {
            // Production keeps its catalog; every other environment sharing it is told to change its own.
            var ordered = group.OrderByDescending(c => c.Entry.Definition.IsProduction).ThenBy(c => c.Entry.Definition.Name, StringComparer.Ordinal).ThenBy(c => c.Path, StringComparer.Ordinal).ToList();
            var ((owner, ownerLocations), ownerPath, _) = ordered[0];
            var ownerLine = ownerLocations.Of(ownerPath).Line;
            foreach (var ((clash, locations), path, catalog) in ordered.Skip(1))
            {
                var (line, column) = locations.Of(path);
                problems.Add(new Problem(clash.SourceFile, line, column, "env.catalog-clash",
                    $"catalog '{catalog}' is also the catalog of {owner.Name} ({owner.SourceFile}:{ownerLine}) in {group.Key.Region}, where both can share one Unity Catalog metastore and a run of one would write the other's tables; give {clash.Name} its own catalog, e.g. {catalog}_{clash.Name}."));
            }
        }

        return problems;
    }
}
