using ProjectScout.Model.Contracts;
using ProjectScout.Toolkit.Lakehouse;
using Scriban.Runtime;

namespace ProjectScout.Toolkit.Rendering;

/// <summary>A table's storage clauses for the templates (one source: <see cref="TableLayoutClauses"/>).</summary>
public sealed partial class WorkspaceRenderer
{
    /// <summary>
    /// <c>create_table</c> (CREATE TABLE IF NOT EXISTS with layout and retention), <c>properties</c> (the retention
    /// TBLPROPERTIES, as [key, value] pairs), <c>conform</c> (the ALTERs that bring an existing table to its declaration), <c>cluster_by</c>,
    /// <c>layout</c> (the clause, for documents), <c>optimize</c>, <c>vacuum</c> and, with a backup target, <c>backup_full_name</c>, <c>backup_schema</c> and <c>backup_clone</c>.
    /// </summary>
    private static void AddStorage(ScriptObject entry, TableContract table, TableLayoutClauses storage, Recovery.BackupTarget? backup, Quality.SqlDialect backupSql)
    {
        if (backup is not null)
        {
            var copy = backupSql.Table(backup.CopyOf(table.Name));
            entry["backup_full_name"] = copy;
            entry["backup_schema"] = $"{backupSql.Identifier(backup.Catalog)}.{backupSql.Identifier(table.Layer)}";
            // Incremental: a repeated deep clone copies only the files added since the version it last cloned.
            entry["backup_clone"] = $"CREATE OR REPLACE TABLE {copy} DEEP CLONE {entry["full_name"]}";
        }

        entry["create_table"] = storage.CreateTable(table, (string)entry["ddl_columns"]!);
        entry["properties"] = new ScriptArray(storage.Properties.Select(p => new ScriptArray { p.Key, p.Value }));
        entry["conform"] = new ScriptArray(storage.Conform(table));
        entry["cluster_by"] = new ScriptArray(table.Layout.ClusterBy);
        entry["layout"] = storage.Layout(table.Layout);
        entry["optimize"] = storage.Optimize(table);
        entry["vacuum"] = storage.Vacuum(table);
    }
}

