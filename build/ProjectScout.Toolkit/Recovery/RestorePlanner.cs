using System.Globalization;
using ProjectScout.Model.Contracts;
using ProjectScout.Model.Diagnostics;
using ProjectScout.Model.Environments;
using ProjectScout.Model.Lakehouse;
using ProjectScout.Toolkit.Configuration;
using ProjectScout.Toolkit.Databricks;
using ProjectScout.Toolkit.Quality;

namespace ProjectScout.Toolkit.Recovery;

/// <summary>One planned recovery statement: the table it recovers, the SQL, and from what.</summary>
public sealed record RestoreStatement(TableName Table, string Sql, string From);

/// <summary>The statements a restore runs, in order.</summary>
public sealed record RestorePlan(string Environment, IReadOnlyList<RestoreStatement> Statements);

/// <summary>Runs one SQL statement in the environment's workspace (the SQL Statement Execution API, or a fake in tests).</summary>
public delegate Task<SqlStatementResult> RunStatement(string sql, CancellationToken ct);

/// <summary>
/// Plans the recovery of contract tables: RESTORE TABLE … TO VERSION | TIMESTAMP AS OF (checked against each table's
/// DESCRIBE HISTORY first, so a version beyond its history is refused before anything runs), or
/// CREATE OR REPLACE TABLE … DEEP CLONE from the backup catalog. Reads only; <see cref="ApplyAsync"/> runs the plan.
/// </summary>
public sealed class RestorePlanner(EnvironmentDefinition environment, LakehouseDeclaration lakehouse, ContractSet contracts)
{
    private readonly SqlDialect _sql = SqlDialect.Spark(environment.Databricks.Catalog);

    public async Task<RestorePlan> PlanAsync(RestoreRequest request, RunStatement run, CancellationToken ct = default)
    {
        var tables = TablesOf(request);
        var statements = new List<RestoreStatement>();
        foreach (var table in tables)
        {
            if (request.FromBackup)
            {
                var backup = BackupTarget.Of(environment, lakehouse)
                    ?? throw new ToolkitException($"Restore --{ArgumentNames.FromBackup}: environment '{environment.Name}' has no backup account (storage.backupAccount: false in {environment.SourceFile}); restore to a version instead.");
                var copy = SqlDialect.Spark(backup.Catalog).Table(backup.CopyOf(table.Name));
                var history = await HistoryAsync(copy, table.Name, run, ct);
                statements.Add(new RestoreStatement(table.Name, $"CREATE OR REPLACE TABLE {_sql.Table(table.Name)} DEEP CLONE {copy}",
                    $"backup {copy} version {history.Max(v => v.Version)} of {history.Max(v => v.Timestamp):yyyy-MM-dd HH:mm}Z"));
                continue;
            }

            var versions = await HistoryAsync(_sql.Table(table.Name), table.Name, run, ct);
            var (earliest, latest) = (versions.MinBy(v => v.Version), versions.MaxBy(v => v.Version));
            if (request.ToVersion is { } version)
            {
                if (version < earliest.Version || version > latest.Version)
                {
                    throw new ToolkitException($"Restore --{ArgumentNames.ToVersion}={version}: {table.Name} has versions {earliest.Version} to {latest.Version} (DESCRIBE HISTORY); pick one of them.");
                }

                statements.Add(new RestoreStatement(table.Name, $"RESTORE TABLE {_sql.Table(table.Name)} TO VERSION AS OF {version.ToString(CultureInfo.InvariantCulture)}", $"version {version} (latest {latest.Version})"));
            }
            else
            {
                var at = request.ToTimestamp!.Value;
                if (at < earliest.Timestamp || at > latest.Timestamp)
                {
                    throw new ToolkitException($"Restore --{ArgumentNames.ToTimestamp}={at:yyyy-MM-ddTHH:mm:ssZ}: {table.Name}'s history runs from {earliest.Timestamp:yyyy-MM-ddTHH:mm:ssZ} to {latest.Timestamp:yyyy-MM-ddTHH:mm:ssZ}; pick a time inside it.");
                }

                var stamp = at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
                var asOf = versions.Where(v => v.Timestamp <= at).Max(v => v.Version);
                statements.Add(new RestoreStatement(table.Name, $"RESTORE TABLE {_sql.Table(table.Name)} TO TIMESTAMP AS OF {_sql.String(stamp)}", $"version {asOf} (as of {stamp}Z)"));
            }
        }

        return new RestorePlan(environment.Name, statements);
    }

    /// <summary>Runs the plan's statements in order; the first that fails stops the run with the service's message.</summary>
    public static async Task ApplyAsync(RestorePlan plan, RunStatement run, Action<string> log, CancellationToken ct = default)
    {
        foreach (var statement in plan.Statements)
        {
            var result = await run(statement.Sql, ct);
            if (!result.Succeeded)
            {
                throw new ToolkitException($"Restore of {statement.Table} failed ({result.ErrorCode}): {result.Message}");
            }

            log($"restored {statement.Table} from {statement.From}");
        }
    }

    /// <summary>The contract tables the request names; an unknown table or layer is refused in one line before anything is reached.</summary>
    public IReadOnlyList<TableContract> TablesOf(RestoreRequest request)
    {
        if (request.Table is { } text)
        {
            var known = string.Join(", ", contracts.Tables.Select(t => t.Name.ToString()));
            var name = TableName.TryParse(text) ?? throw new ToolkitException($"Restore --{ArgumentNames.Table}='{text}' is not <layer>.<table>; contract tables: {known}.");
            return [contracts.Find(name) ?? throw new ToolkitException($"Restore --{ArgumentNames.Table}={text}: no contract declares that table; contract tables: {known}.")];
        }

        var layer = request.Layer!;
        if (lakehouse.Layer(layer) is null)
        {
            throw new ToolkitException($"Restore --{ArgumentNames.Layer}={layer}: not a layer of templates/lakehouse.yaml; use one of {string.Join(", ", lakehouse.LayerNames)}.");
        }

        var tables = contracts.InLayer(layer).ToList();
        return tables.Count > 0 ? tables : throw new ToolkitException($"Restore --{ArgumentNames.Layer}={layer}: the layer has no contract tables.");
    }

    private static async Task<IReadOnlyList<(long Version, DateTimeOffset Timestamp)>> HistoryAsync(string fullName, TableName table, RunStatement run, CancellationToken ct)
    {
        var result = await run($"DESCRIBE HISTORY {fullName}", ct);
        if (!result.Succeeded)
        {
            throw new ToolkitException($"Restore of {table}: DESCRIBE HISTORY {fullName} failed ({result.ErrorCode}): {result.Message}");
        }

        var versions = result.Column("version").Zip(result.Column("timestamp"))
            .Select(p => (Version: long.Parse(p.First!, CultureInfo.InvariantCulture), Timestamp: DateTimeOffset.Parse(p.Second!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).ToUniversalTime()))
            .ToList();
        return versions.Count > 0 ? versions : throw new ToolkitException($"Restore of {table}: {fullName} has no history to restore from.");
    }
}
