using ProjectScout.Model.Contracts;
using ProjectScout.Toolkit.Lakehouse;
using Scriban.Runtime;

namespace ProjectScout.Toolkit.Rendering;

/// <summary>A table's storage clauses for the templates (one source: <see cref="TableLayoutClauses"/>).</summary>
public sealed partial class WorkspaceRenderer
{
    /// <summary>
    /// <c>create_table</c> (CREATE TABLE IF NOT EXISTS with layout and retention), <c>properties</c> (the retention
    /// TBLPROPERTIES), <c>conform</c> (the ALTERs that bring an existing table to its declaration), <c>cluster_by</c>,
    /// <c>layout</c> (the clause, for documents), <c>optimize</c> and <c>vacuum</c>.
    /// </summary>
    private static void AddStorage(ScriptObject entry, TableContract table, TableLayoutClauses storage)
    {
        var properties = new ScriptObject();
        foreach (var (key, value) in storage.Properties)
        {
            properties.Add(key, value);
        }

        entry["create_table"] = storage.CreateTable(table, (string)entry["ddl_columns"]!);
        entry["properties"] = properties;
        entry["conform"] = new ScriptArray(storage.Conform(table));
        entry["cluster_by"] = new ScriptArray(table.Layout.ClusterBy);
        entry["layout"] = storage.Layout(table.Layout);
        entry["optimize"] = storage.Optimize(table);
        entry["vacuum"] = storage.Vacuum(table);
    }
}
