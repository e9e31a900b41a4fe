using System.Globalization;
using DuckDB.NET.Data;
using ProjectScout.Model.Contracts;
using ProjectScout.Toolkit.Contracts;

namespace ProjectScout.Toolkit.Quality;

/// <summary>
/// Seeded, realistic sample data for every contract, generated inside DuckDB from each column's sample expression
/// (SQL over the row number i, a seeded hash r and the evaluation time as_of) and written as Parquet.
/// Tables keep their size ratios (sample.rowsDivisor) so keys, references and reconciliations line up.
/// </summary>
public static class SampleData
{
    /// <summary>Row counts are rounded up to a multiple of this, the largest divisor in the contracts (8 chunks per transcript).</summary>
    public const int RowQuantum = 8;

    public static string PathOf(string folder, TableName name) => Path.Combine(folder, name.Layer, name.Table + ".parquet");

    public static long Rows(long requested, TableContract table)
    {
        var quantised = Math.Max(RowQuantum, (requested + RowQuantum - 1) / RowQuantum * RowQuantum);
        return quantised / table.SampleRowsDivisor;
    }

    public static string DuckDbType(string contractType) => contractType switch
    {
        "string" => "VARCHAR",
        "int" => "INTEGER",
        "bigint" => "BIGINT",
        "double" => "DOUBLE",
        "boolean" => "BOOLEAN",
        "timestamp" => "TIMESTAMP",
        "date" => "DATE",
        "array<string>" => "VARCHAR[]",
        _ => throw new ArgumentOutOfRangeException(nameof(contractType), contractType, "unknown contract type"),
    };

    public static string SelectSql(TableContract table, long rows, int seed, DateTimeOffset asOf)
    {
        var columns = table.Columns.Select(c =>
        {
            if (c.Sample is null && !c.Nullable)
            {
                throw new Model.Diagnostics.ToolkitException($"{table.SourceFile}({c.Line},1) contract.sample: column '{c.Name}' is not nullable and has no sample expression.");
            }

            return $"CAST({c.Sample ?? "NULL"} AS {DuckDbType(c.Type)}) AS \"{c.Name}\"";
        });
        var time = asOf.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        return $"SELECT {string.Join(", ", columns)} FROM (SELECT i, CAST(hash(i + {seed}) % 1000000007 AS BIGINT) AS r, TIMESTAMP '{time}' AS as_of FROM range({rows}) AS t(i)) AS g";
    }

    /// <summary>Writes folder/&lt;layer&gt;/&lt;table&gt;.parquet for every contract; returns the row count of each table.</summary>
    public static IReadOnlyDictionary<TableName, long> Write(DuckDBConnection connection, ContractSet contracts, string folder, long rows, int seed, DateTimeOffset asOf)
    {
        var counts = new Dictionary<TableName, long>();
        foreach (var table in contracts.Tables)
        {
            var path = PathOf(folder, table.Name);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var n = Rows(rows, table);
            DuckDbQualityRunner.Execute(connection, $"COPY ({SelectSql(table, n, seed, asOf)}) TO '{path.Replace("'", "''", StringComparison.Ordinal)}' (FORMAT PARQUET)");
            counts[table.Name] = n;
        }

        return counts;
    }
}
