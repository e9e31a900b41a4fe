using System.Globalization;
using DuckDB.NET.Data;
using ProjectScout.Model.Contracts;
using ProjectScout.Model.Governance;
using ProjectScout.Toolkit.Quality;

namespace ProjectScout.Toolkit.Governance;

/// <summary>What one principal saw of one secured column (or of a table's rows, when <see cref="Column"/> is the row filter's).</summary>
/// <param name="ExpectClear">True when the role may read the column in clear (or every row); false when it must see masks (or filtered rows).</param>
/// <param name="Violations">Clear values an unauthorised role saw, values an authorised one saw altered, or rows a filter let through (or withheld).</param>
public sealed record AccessEvaluation(string Role, string Principal, TableName Table, string Column, string Kind, bool ExpectClear, long Violations, long Rows)
{
    public bool Passed => Violations == 0;
}

/// <summary>A mistake planted in the declarations or the generated views, and what caught it.</summary>
public sealed record PlantedAccessMistake(string Change, IReadOnlyList<string> CaughtBy)
{
    public bool Caught => CaughtBy.Count > 0;
}

/// <summary>The outcome of TestAccess.</summary>
public sealed record LocalAccessReport(
    IReadOnlyDictionary<TableName, long> Rows,
    IReadOnlyList<string> UnmappedRoles,
    IReadOnlyList<AccessEvaluation> Evaluations,
    IReadOnlyList<AccessFinding> Findings,
    IReadOnlyList<PlantedAccessMistake> Plantings)
{
    public bool Succeeded => Evaluations.All(e => e.Passed) && Findings.Count == 0 && Plantings.All(p => p.Caught) && UnmappedRoles.Count == 0;
}

/// <summary>
/// What TestAccess does: the seeded sample data of TestQuality (<see cref="SampleData"/>) in DuckDB, the generated masks
/// and row filters compiled to DuckDB (<see cref="DuckDbAccessSql"/>), every table read through them as each role's
/// principal, the declarations compared with the generated views, and two planted mistakes that must be caught.
/// </summary>
public static class LocalAccessRun
{
    public static LocalAccessReport Run(GovernanceDeclaration governance, ContractSet contracts, AccessPrincipals principals, string dataFolder, long rows, int seed, DateTimeOffset asOf)
    {
        using var connection = DuckDbQualityRunner.Open();
        var counts = SampleData.Write(connection, contracts, dataFolder, rows, seed, asOf);
        new DuckDbQualityRunner(connection).Register(contracts, dataFolder, load: false);
        var model = ColumnMasks.Build(governance, contracts);
        var views = Install(connection, model, contracts, principals);
        var unmapped = governance.Roles.Where(r => principals.Of(r) is null).ToList();
        var evaluations = Evaluate(connection, governance, principals, views);
        var findings = AccessDeclarationCheck.Check(contracts, views);
        var plantings = new List<PlantedAccessMistake> { PlantUnclassified(governance, contracts, principals), PlantUnmasked(connection, governance, contracts, principals, model, views) };
        return new LocalAccessReport(counts, unmapped, evaluations, findings, plantings);
    }

    private static IReadOnlyList<SecuredView> Install(DuckDBConnection connection, ColumnMaskModel model, ContractSet contracts, AccessPrincipals principals)
    {
        var (functions, views) = DuckDbAccessSql.Compile(model, contracts, principals);
        DuckDbQualityRunner.Execute(connection, $"CREATE SCHEMA IF NOT EXISTS {DuckDbAccessSql.Id(DuckDbAccessSql.SecuredSchema)}");
        DuckDbQualityRunner.Execute(connection, DuckDbAccessSql.ActAs([]));
        foreach (var statement in functions.Concat(views.Select(v => v.Sql)))
        {
            DuckDbQualityRunner.Execute(connection, statement);
        }

        return views;
    }

    /// <summary>Every role's principal reads every secured table; one query per role and table.</summary>
    public static IReadOnlyList<AccessEvaluation> Evaluate(DuckDBConnection connection, GovernanceDeclaration governance, AccessPrincipals principals, IReadOnlyList<SecuredView> views)
    {
        var results = new List<AccessEvaluation>();
        foreach (var role in governance.Roles)
        {
            if (principals.Of(role) is not { } principal)
            {
                continue;
            }

            DuckDbQualityRunner.Execute(connection, DuckDbAccessSql.ActAs([principal]));
            foreach (var view in views.Where(v => v.RowFilter is not null || v.Columns.Any(c => c.Mask is not null)))
            {
                var raw = $"{DuckDbAccessSql.Id(view.Table.Layer)}.{DuckDbAccessSql.Id(view.Table.Table)}";
                var secured = $"{DuckDbAccessSql.Id(DuckDbAccessSql.SecuredSchema)}.{DuckDbAccessSql.Id(view.ViewName)}";
                var checks = new List<(string Column, string Kind, bool Clear, string Sql)>();
                foreach (var (column, mask) in view.Columns.Where(c => c.Mask is not null))
                {
                    var c = DuckDbAccessSql.Id(column);
                    var clear = mask!.ClearReaders.Contains(role);
                    var inRaw = $"s.{c} IN (SELECT {c} FROM {raw} WHERE {c} IS NOT NULL)";
                    checks.Add((column, "mask " + mask.Name, clear, $"(SELECT count(*) FROM {secured} AS s WHERE s.{c} IS NOT NULL AND {(clear ? "NOT " : "")}{inRaw})"));
                }

                if (view.RowFilter is { } filter)
                {
                    var all = filter.Function.AllRowsReaders.Contains(role);
                    var c = DuckDbAccessSql.Id(filter.Column);
                    var visible = filter.Function.VisibleValues.Count == 0 ? "FALSE" : $"{c} IN ({string.Join(", ", filter.Function.VisibleValues.Select(DuckDbAccessSql.Literal))})";
                    checks.Add((filter.Column, "row filter " + filter.Function.Name, all, all
                        ? $"abs((SELECT count(*) FROM {raw}) - (SELECT count(*) FROM {secured}))"
                        : $"(SELECT count(*) FROM {secured} WHERE {c} IS NULL OR NOT ({visible}))"));
                }

                var sql = "SELECT (SELECT count(*) FROM " + secured + ") AS n, " + string.Join(", ", checks.Select((x, i) => $"{x.Sql} AS v{i}"));
                var row = ReadRow(connection, sql);
                var n = Convert.ToInt64(row[0], CultureInfo.InvariantCulture);
                results.AddRange(checks.Select((x, i) => new AccessEvaluation(role, principal, view.Table, x.Column, x.Kind, x.Clear, Convert.ToInt64(row[i + 1], CultureInfo.InvariantCulture), n)));
            }
        }

        DuckDbQualityRunner.Execute(connection, DuckDbAccessSql.ActAs([]));
        return results;
    }

    /// <summary>A classification removed from a column whose name is classified in another contract: the declaration check must name it.</summary>
    private static PlantedAccessMistake PlantUnclassified(GovernanceDeclaration governance, ContractSet contracts, AccessPrincipals principals)
    {
        var target = contracts.Tables
            .SelectMany(t => t.Columns.Where(c => c.Classification is not null).Select(c => (Table: t, Column: c)))
            .GroupBy(x => x.Column.Name).Where(g => g.Count() > 1).Select(g => g.Last()).FirstOrDefault();
        if (target.Table is null)
        {
            return new PlantedAccessMistake("no column is classified in two contracts: nothing to plant", []);
        }

        var planted = new ContractSet(contracts.Tables.Select(t => t != target.Table ? t : t with
        {
            Columns = t.Columns.Select(c => c == target.Column ? c with { Classification = null } : c).ToList(),
        }).ToList(), contracts.Layers);
        var (_, views) = DuckDbAccessSql.Compile(ColumnMasks.Build(governance, planted), planted, principals);
        var caught = AccessDeclarationCheck.Check(planted, views)
            .Where(f => f.Table == target.Table.Name && f.Column == target.Column.Name)
            .Select(f => "declaration check: " + f.Message).ToList();
        return new PlantedAccessMistake($"classification '{target.Column.Classification}' removed from {target.Table.Name}.{target.Column.Name}", caught);
    }

    /// <summary>A classified column's mask left off its view: the unauthorised roles must see clear values, and the declaration check must name it.</summary>
    private static PlantedAccessMistake PlantUnmasked(DuckDBConnection connection, GovernanceDeclaration governance, ContractSet contracts, AccessPrincipals principals, ColumnMaskModel model, IReadOnlyList<SecuredView> views)
    {
        var mask = model.Masks.FirstOrDefault(m => m.Function.Style == MaskStyle.Hash) ?? model.Masks.FirstOrDefault();
        if (mask is null)
        {
            return new PlantedAccessMistake("no classified column: nothing to plant", []);
        }

        var table = contracts.Find(mask.Table)!;
        var unmasked = DuckDbAccessSql.View(table, model.MasksOf(mask.Table).Where(m => m != mask).ToList(), model.RowFilterOf(mask.Table));
        var original = views.First(v => v.Table == mask.Table);
        DuckDbQualityRunner.Execute(connection, unmasked.Sql);
        try
        {
            var planted = views.Select(v => v == original ? unmasked : v).ToList();
            // Both must see it: the principals outside the readers get clear values, and the views no longer follow the declarations.
            var caught = LeakedValues(connection, governance, principals, mask, unmasked).ToList();
            caught.AddRange(AccessDeclarationCheck.Check(contracts, planted)
                .Where(f => f.Table == mask.Table && f.Column == mask.Column).Select(f => "declaration check: " + f.Message));
            return new PlantedAccessMistake($"mask {mask.Function.Name} left off {mask.Table}.{mask.Column}", caught);
        }
        finally
        {
            DuckDbQualityRunner.Execute(connection, original.Sql);
        }
    }

    /// <summary>The roles outside the classification's readers that see clear values of <paramref name="mask"/>'s column in <paramref name="view"/>.</summary>
    private static IEnumerable<string> LeakedValues(DuckDBConnection connection, GovernanceDeclaration governance, AccessPrincipals principals, ColumnMask mask, SecuredView view)
    {
        var c = DuckDbAccessSql.Id(mask.Column);
        var raw = $"{DuckDbAccessSql.Id(mask.Table.Layer)}.{DuckDbAccessSql.Id(mask.Table.Table)}";
        var secured = $"{DuckDbAccessSql.Id(DuckDbAccessSql.SecuredSchema)}.{DuckDbAccessSql.Id(view.ViewName)}";
        var leaks = new List<string>();
        foreach (var role in governance.Roles.Where(r => !mask.Function.ClearReaders.Contains(r)))
        {
            if (principals.Of(role) is not { } principal)
            {
                continue;
            }

            DuckDbQualityRunner.Execute(connection, DuckDbAccessSql.ActAs([principal]));
            var clear = Convert.ToInt64(ReadRow(connection, $"SELECT count(*) FROM {secured} AS s WHERE s.{c} IN (SELECT {c} FROM {raw} WHERE {c} IS NOT NULL)")[0], CultureInfo.InvariantCulture);
            if (clear > 0)
            {
                leaks.Add($"{role} read {clear} clear value(s)");
            }
        }

        DuckDbQualityRunner.Execute(connection, DuckDbAccessSql.ActAs([]));
        return leaks;
    }

    private static object?[] ReadRow(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        if (!reader.Read())
        {
            throw new InvalidOperationException("an access query returned no row: " + sql);
        }

        var values = new object?[reader.FieldCount];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
        }

        return values;
    }
}
