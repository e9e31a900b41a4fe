using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using ProjectScout.Model.Contracts;
using ProjectScout.Model.Governance;
using ProjectScout.Toolkit.Deployment;
using ProjectScout.Toolkit.Governance;
using ProjectScout.Toolkit.Lakehouse;

namespace ProjectScout.Toolkit.Databricks.Adapters;

/// <summary>One statement to run and what it is for (shown when it fails).</summary>
public sealed record SqlStep(string What, string Statement);

/// <summary>One mask or row-filter function's step (create or replace when missing or different).</summary>
public sealed record FunctionStep(string FullName, string Statement, ChangeAction Action, string Detail);

/// <summary>One contract table's step: the statements that bring it to the contract's masks and row filter, in order.</summary>
public sealed record TableStep(TableName Table, string FullName, ChangeAction Action, string Detail, IReadOnlyList<SqlStep> Statements);

public sealed record TablePlan(string Catalog, string? CreateFunctionSchema, IReadOnlyList<FunctionStep> Functions, IReadOnlyList<TableStep> Tables,
    ColumnMaskModel? Masks, IReadOnlyList<PlanChange> Changes) : IAdapterPlan;

/// <summary>
/// The contract tables and their column masks and row filters, through the SQL Statement Execution API on the DDL
/// warehouse: CREATE TABLE IF NOT EXISTS per contract table (TableDdl), CREATE OR REPLACE FUNCTION per mask and filter
/// (AccessSql), ALTER TABLE … SET MASK / SET ROW FILTER. Compared with the tables' column info (columns[].mask,
/// row_filter) and the functions' definitions, so a redeploy sends only what differs; verified by reading the tables back.
/// </summary>
public sealed class LakehouseTableAdapter : WorkspaceAdapter<TablePlan>
{
    public override string Kind => "table";

    public override TablePlan PlanForNewWorkspace(WorkspaceDesired desired)
    {
        if (desired.Access is not { } access)
        {
            return Empty;
        }

        var masks = access.Masks;
        var functions = Functions(access).Select(f => new FunctionStep(f.FullName, f.Statement, ChangeAction.Create, NotDeployedYet)).ToList();
        var tables = access.Contracts.Tables.Select(t => new TableStep(t.Name, access.TableName(t.Name), ChangeAction.Create, NotDeployedYet, CreateStatements(access, t))).ToList();
        return Plan(access.Catalog, AccessSql.CreateSchema(access), functions, tables, masks);
    }

    public override async Task<TablePlan> PlanAsync(WorkspaceDesired desired, WorkspaceReads live, CancellationToken ct)
    {
        if (desired.Access is not { } access)
        {
            return Empty;
        }

        var client = live.Client;
        var functions = new ConcurrentBag<FunctionStep>();
        var functionsTask = Parallel.ForEachAsync(Functions(access), live.Parallel(ct), async (function, token) =>
        {
            var found = await client.GetFunctionAsync(function.FullName, token);
            var (action, detail) = found is null ? (ChangeAction.Create, "")
                : Same(found["routine_definition"]?.ToString(), function.Body) ? (ChangeAction.NoChange, "")
                : (ChangeAction.Update, "definition differs from governance.yaml");
            functions.Add(new FunctionStep(function.FullName, function.Statement, action, detail));
        });

        var liveTables = new ConcurrentDictionary<string, JsonObject>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(access.Contracts.Layers, live.Parallel(ct), async (layer, token) =>
        {
            foreach (var table in await client.ListTablesAsync(access.Catalog, layer, token))
            {
                liveTables[$"{access.Catalog}.{layer}.{table["name"]}"] = table;
            }
        });
        await functionsTask;

        var tables = access.Contracts.Tables.Select(contract =>
        {
            var fullName = access.TableName(contract.Name);
            return liveTables.TryGetValue(fullName, out var found)
                ? Compare(access, contract, found)
                : new TableStep(contract.Name, fullName, ChangeAction.Create, "", CreateStatements(access, contract));
        }).ToList();
        var schemaNeeded = functions.Any(f => f.Action == ChangeAction.Create) ? AccessSql.CreateSchema(access) : null;
        return Plan(access.Catalog, schemaNeeded, functions.ToList(), tables, access.Masks);
    }

    public override async Task ApplyAsync(TablePlan plan, WorkspaceApply apply, CancellationToken ct)
    {
        var changed = plan.Functions.Where(f => f.Action != ChangeAction.NoChange).ToList();
        var tables = plan.Tables.Where(t => t.Action != ChangeAction.NoChange).ToList();
        if (changed.Count == 0 && tables.Count == 0)
        {
            return;
        }

        if (apply.WarehouseId is not { } warehouse)
        {
            apply.Fail($"tables: {tables.Count} table(s) and {changed.Count} function(s) not written: the SQL warehouse they run on is missing (see the sql-warehouse changes)");
            return;
        }

        var client = apply.Client;
        // Dependency order: the functions' schema, the functions, then each table (created, then its masks and filter).
        if (plan.CreateFunctionSchema is { } schema && !await apply.GuardAsync("function schema", () => client.ExecuteStatementAsync(warehouse, schema, ct: ct)))
        {
            return;
        }

        var failedFunctions = new ConcurrentBag<string>();
        await Parallel.ForEachAsync(changed, apply.Parallel(ct), async (function, token) =>
        {
            if (!await apply.GuardSqlAsync("function " + function.FullName, () => client.ExecuteStatementAsync(warehouse, function.Statement, ct: token)))
            {
                failedFunctions.Add(function.FullName);
            }
        });

        await Parallel.ForEachAsync(tables, apply.Parallel(ct), async (table, token) =>
        {
            foreach (var step in table.Statements)
            {
                if (failedFunctions.Any(f => step.Statement.Contains(AccessSql.QuoteName(f), StringComparison.Ordinal)))
                {
                    apply.Fail($"table {table.FullName}: {step.What} not set, its function failed");
                    continue;
                }

                if (!await apply.GuardSqlAsync($"table {table.FullName}: {step.What}", () => client.ExecuteStatementAsync(warehouse, step.Statement, ct: token)))
                {
                    return; // the later statements depend on this one
                }
            }

            // Verified by reading the column info back: every declared mask and the row filter must show.
            if (await client.GetTableAsync(table.FullName, token) is not { } written)
            {
                apply.Fail($"table {table.FullName}: not found after CREATE TABLE");
            }
            else if (plan.Masks is { } masks && Differences(plan.Catalog, table.Table, masks, written) is { Count: > 0 } left)
            {
                apply.Fail($"table {table.FullName}: still differs after the statements ({string.Join(", ", left)})");
            }
        });
    }

    /// <summary>The mask and row-filter differences of a live table (its columns[].mask and row_filter) from the model.</summary>
    public static List<string> Differences(string catalog, TableName table, ColumnMaskModel masks, JsonObject live)
    {
        var differences = new List<string>();
        var columns = (live["columns"] as JsonArray ?? []).OfType<JsonObject>().ToDictionary(c => c["name"]?.ToString() ?? "", StringComparer.OrdinalIgnoreCase);
        foreach (var mask in masks.MasksOf(table))
        {
            var want = $"{catalog}.{mask.Function.Schema}.{mask.Function.Name}";
            var have = columns.GetValueOrDefault(mask.Column)?["mask"]?["function_name"]?.ToString();
            if (!string.Equals(have, want, StringComparison.OrdinalIgnoreCase))
            {
                differences.Add($"mask on {mask.Column}: {have ?? "none"} → {want}");
            }
        }

        var functionSchema = masks.MaskFunctions.Select(f => f.Schema).Concat(masks.RowFilterFunctions.Select(f => f.Schema)).FirstOrDefault();
        foreach (var (name, column) in columns)
        {
            if (column["mask"]?["function_name"]?.ToString() is { } function && functionSchema is not null
                && function.StartsWith($"{catalog}.{functionSchema}.", StringComparison.OrdinalIgnoreCase)
                && !masks.MasksOf(table).Any(m => string.Equals(m.Column, name, StringComparison.OrdinalIgnoreCase)))
            {
                differences.Add($"mask on {name}: {function} → none (no longer classified)");
            }
        }

        var filter = masks.RowFilterOf(table);
        var liveFilter = live["row_filter"]?["function_name"]?.ToString();
        var liveColumns = string.Join(",", (live["row_filter"]?["input_column_names"] as JsonArray ?? []).Select(c => c?.ToString()));
        if (filter is not null && (!string.Equals(liveFilter, $"{catalog}.{filter.Function.Schema}.{filter.Function.Name}", StringComparison.OrdinalIgnoreCase) || liveColumns != filter.Column))
        {
            differences.Add($"row filter: {liveFilter ?? "none"} → {catalog}.{filter.Function.Schema}.{filter.Function.Name} on {filter.Column}");
        }
        else if (filter is null && liveFilter is not null && functionSchema is not null && liveFilter.StartsWith($"{catalog}.{functionSchema}.", StringComparison.OrdinalIgnoreCase))
        {
            differences.Add($"row filter: {liveFilter} → none");
        }

        return differences;
    }

    private static TableStep Compare(AccessDesired access, TableContract contract, JsonObject live)
    {
        var fullName = access.TableName(contract.Name);
        var differences = Differences(access.Catalog, contract.Name, access.Masks, live);
        if (differences.Count == 0)
        {
            return new TableStep(contract.Name, fullName, ChangeAction.NoChange, "", []);
        }

        // Only what differs is sent: the masks and filter that are not as declared.
        var statements = new List<SqlStep>();
        var columns = (live["columns"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        foreach (var mask in access.Masks.MasksOf(contract.Name))
        {
            var have = columns.FirstOrDefault(c => string.Equals(c["name"]?.ToString(), mask.Column, StringComparison.OrdinalIgnoreCase))?["mask"]?["function_name"]?.ToString();
            if (!string.Equals(have, AccessSql.FunctionName(access, mask.Function.Schema, mask.Function.Name), StringComparison.OrdinalIgnoreCase))
            {
                statements.Add(new SqlStep("mask on " + mask.Column, AccessSql.SetMask(access, mask)));
            }
        }

        foreach (var difference in differences.Where(d => d.EndsWith("→ none (no longer classified)", StringComparison.Ordinal)))
        {
            var column = difference["mask on ".Length..difference.IndexOf(':', StringComparison.Ordinal)];
            statements.Add(new SqlStep("mask removed from " + column, $"ALTER TABLE {AccessSql.QuoteName(fullName)} ALTER COLUMN {AccessSql.Quote(column)} DROP MASK"));
        }

        if (differences.Any(d => d.StartsWith("row filter", StringComparison.Ordinal)))
        {
            statements.Add(access.Masks.RowFilterOf(contract.Name) is { } filter
                ? new SqlStep("row filter", AccessSql.SetRowFilter(access, filter))
                : new SqlStep("row filter removed", $"ALTER TABLE {AccessSql.QuoteName(fullName)} DROP ROW FILTER"));
        }

        return new TableStep(contract.Name, fullName, ChangeAction.Update, string.Join("; ", differences), statements);
    }

    private static List<SqlStep> CreateStatements(AccessDesired access, TableContract contract)
    {
        var statements = new List<SqlStep> { new("create", TableDdl.CreateTable(access.Catalog, contract, access.Environment.Recovery)) };
        statements.AddRange(access.Masks.MasksOf(contract.Name).Select(m => new SqlStep("mask on " + m.Column, AccessSql.SetMask(access, m))));
        if (access.Masks.RowFilterOf(contract.Name) is { } filter)
        {
            statements.Add(new SqlStep("row filter", AccessSql.SetRowFilter(access, filter)));
        }

        return statements;
    }

    private static IEnumerable<(string FullName, string Body, string Statement)> Functions(AccessDesired access) =>
        access.Masks.MaskFunctions.Select(f => (AccessSql.FunctionName(access, f.Schema, f.Name), AccessSql.MaskBody(access, f), AccessSql.CreateMaskFunction(access, f)))
            .Concat(access.Masks.RowFilterFunctions.Select(f => (AccessSql.FunctionName(access, f.Schema, f.Name), AccessSql.FilterBody(access, f), AccessSql.CreateFilterFunction(access, f))));

    private static bool Same(string? live, string desired) =>
        string.Equals(Collapse(live ?? ""), Collapse(desired), StringComparison.Ordinal);

    private static string Collapse(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private static readonly TablePlan Empty = new("", null, [], [], null, []);

    private TablePlan Plan(string catalog, string? schema, IReadOnlyList<FunctionStep> functions, IReadOnlyList<TableStep> tables, ColumnMaskModel masks)
    {
        var orderedFunctions = functions.OrderBy(f => f.FullName, StringComparer.Ordinal).ToList();
        return new TablePlan(catalog, schema, orderedFunctions, tables, masks,
            orderedFunctions.Select(f => Change("function " + f.FullName, f.Action, f.Detail))
                .Concat(tables.Select(t => Change(t.FullName, t.Action, t.Detail))).ToList());
    }
}
