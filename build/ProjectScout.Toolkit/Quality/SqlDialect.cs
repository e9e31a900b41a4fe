using System.Globalization;
using ProjectScout.Model.Contracts;
using ProjectScout.Toolkit.Contracts;

namespace ProjectScout.Toolkit.Quality;

/// <summary>The few places where Spark SQL and DuckDB differ for the quality rules; everything else is shared SQL.</summary>
public abstract class SqlDialect
{
    public static SqlDialect Spark(string catalog) => new SparkDialect(catalog);

    public static SqlDialect DuckDb(DateTimeOffset asOf) => new DuckDbDialect(asOf);

    public abstract string Name { get; }

    /// <summary>The fully qualified table (Spark: catalog.layer.table; DuckDB: layer.table).</summary>
    public abstract string Table(TableName name);

    public virtual string Identifier(string name) => "`" + name.Replace("`", "``", StringComparison.Ordinal) + "`";

    public virtual string String(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    public string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>The evaluation time as a timestamp expression.</summary>
    public abstract string Now { get; }

    public abstract string EpochSeconds(string timestamp);

    /// <summary>True when <paramref name="expression"/> matches the (anchored) pattern.</summary>
    public abstract string Matches(string expression, string pattern);

    public abstract string Tuple(IEnumerable<string> expressions);

    /// <summary>Rows where <paramref name="condition"/> is true (portable form: a sum of 0/1).</summary>
    public virtual string CountWhere(string condition) => $"SUM(CASE WHEN {condition} THEN 1 ELSE 0 END)";

    /// <summary>Rows where <paramref name="column"/> is null.</summary>
    public virtual string CountNulls(string column) => CountWhere($"{column} IS NULL");

    /// <summary>Rows whose complete key repeats an earlier row's key; rows with a null key part are not counted.</summary>
    public virtual string DuplicateKeys(IReadOnlyList<string> keys)
    {
        var complete = string.Join(" AND ", keys.Select(k => $"{k} IS NOT NULL"));
        var key = keys.Count == 1 ? keys[0] : Tuple(keys);
        return $"({CountWhere(complete)} - COUNT(DISTINCT CASE WHEN {complete} THEN {key} END))";
    }

    private sealed class SparkDialect(string catalog) : SqlDialect
    {
        public override string Name => "spark";

        public override string Table(TableName name) => $"{Identifier(catalog)}.{Identifier(name.Layer)}.{Identifier(name.Table)}";

        // Spark string literals treat backslash as an escape character.
        public override string String(string value) => base.String(value.Replace("\\", "\\\\", StringComparison.Ordinal));

        public override string Now => "current_timestamp()";

        // unix_micros works with ANSI mode on, where casting a timestamp to a number is not allowed.
        public override string EpochSeconds(string timestamp) => $"(unix_micros({timestamp}) / 1000000.0)";

        public override string Matches(string expression, string pattern) => $"{expression} RLIKE {String(pattern)}";

        public override string Tuple(IEnumerable<string> expressions) => "struct(" + string.Join(", ", expressions) + ")";
    }

    private sealed class DuckDbDialect(DateTimeOffset asOf) : SqlDialect
    {
        public override string Name => "duckdb";

        public override string Identifier(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

        public override string Table(TableName name) => $"{Identifier(name.Layer)}.{Identifier(name.Table)}";

        public override string Now => "TIMESTAMP '" + asOf.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + "'";

        public override string EpochSeconds(string timestamp) => $"epoch(CAST({timestamp} AS TIMESTAMP))";

        public override string Matches(string expression, string pattern) => $"regexp_matches({expression}, {String(pattern)})";

        public override string Tuple(IEnumerable<string> expressions) => "row(" + string.Join(", ", expressions) + ")";

        // A filtered count and count(column) skip the per-row CASE and use DuckDB's vectorised null counts.
        public override string CountWhere(string condition) => $"COUNT(*) FILTER (WHERE {condition})";

        public override string CountNulls(string column) => $"(COUNT(*) - COUNT({column}))";

        // COUNT(column) and COUNT(DISTINCT column) both skip nulls; a composite key filters rows with a null part.
        public override string DuplicateKeys(IReadOnlyList<string> keys)
        {
            if (keys.Count == 1)
            {
                return $"(COUNT({keys[0]}) - COUNT(DISTINCT {keys[0]}))";
            }

            var complete = $" FILTER (WHERE {string.Join(" AND ", keys.Select(k => $"{k} IS NOT NULL"))})";
            return $"(COUNT(*){complete} - COUNT(DISTINCT {Tuple(keys)}){complete})";
        }
    }
}
