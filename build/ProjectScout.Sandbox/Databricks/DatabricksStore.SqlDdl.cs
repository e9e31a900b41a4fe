using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ProjectScout.Model.Governance;

namespace ProjectScout.Sandbox.Databricks;

// The DDL the toolkit sends through the statement API, parsed strictly: CREATE CATALOG/SCHEMA/TABLE … IF NOT EXISTS,
// CREATE [OR REPLACE] FUNCTION … RETURNS … RETURN …, ALTER TABLE … ALTER COLUMN … SET|DROP MASK, ALTER TABLE … SET|DROP
// ROW FILTER, GRANT/REVOKE. Errors are the service's classes (SCHEMA_NOT_FOUND, TABLE_OR_VIEW_NOT_FOUND, …).
internal sealed partial class DatabricksStore
{
    private const string Ident = @"(?:`(?:[^`]|``)+`|[A-Za-z_][A-Za-z0-9_]*)";
    private const string Name = Ident + @"(?:\s*\.\s*" + Ident + @"){0,2}";
    private const string Str = @"'(?:[^'\\]|\\.)*'";
    private const RegexOptions Options = RegexOptions.IgnoreCase | RegexOptions.Singleline | RegexOptions.CultureInvariant;

    private static readonly Regex CreateCatalogSql = new($@"^CREATE\s+CATALOG\s+(?<ine>IF\s+NOT\s+EXISTS\s+)?(?<name>{Name})(?:\s+COMMENT\s+(?<comment>{Str}))?$", Options);
    private static readonly Regex CreateSchemaSql = new($@"^CREATE\s+(?:SCHEMA|DATABASE)\s+(?<ine>IF\s+NOT\s+EXISTS\s+)?(?<name>{Name})(?:\s+COMMENT\s+(?<comment>{Str}))?$", Options);
    private static readonly Regex CreateTableHead = new($@"^CREATE\s+TABLE\s+(?<ine>IF\s+NOT\s+EXISTS\s+)?(?<name>{Name})\s*\(", Options);
    private static readonly Regex CreateFunctionHead = new($@"^CREATE\s+(?<replace>OR\s+REPLACE\s+)?FUNCTION\s+(?<ine>IF\s+NOT\s+EXISTS\s+)?(?<name>{Name})\s*\(", Options);
    private static readonly Regex FunctionTail = new($@"^\s*RETURNS\s+(?<type>[A-Za-z_]+(?:<.+?>|\(\s*\d+\s*(?:,\s*\d+\s*)?\))?)(?:\s+COMMENT\s+(?<comment>{Str}))?\s+RETURN\s+(?<body>.+)$", Options);
    private static readonly Regex SetMask = new($@"^ALTER\s+TABLE\s+(?<table>{Name})\s+ALTER\s+COLUMN\s+(?<column>{Ident})\s+SET\s+MASK\s+(?<function>{Name})(?:\s+USING\s+COLUMNS\s*\((?<using>[^)]*)\))?$", Options);
    private static readonly Regex DropMask = new($@"^ALTER\s+TABLE\s+(?<table>{Name})\s+ALTER\s+COLUMN\s+(?<column>{Ident})\s+DROP\s+MASK$", Options);
    private static readonly Regex SetRowFilter = new($@"^ALTER\s+TABLE\s+(?<table>{Name})\s+SET\s+ROW\s+FILTER\s+(?<function>{Name})\s+ON\s*\((?<columns>[^)]*)\)$", Options);
    private static readonly Regex DropRowFilter = new($@"^ALTER\s+TABLE\s+(?<table>{Name})\s+DROP\s+ROW\s+FILTER$", Options);
    private static readonly Regex Grant = new($@"^(?<verb>GRANT|REVOKE)\s+(?<privileges>[A-Za-z_ ,]+?)\s+ON\s+(?<type>CATALOG|SCHEMA|DATABASE|TABLE|FUNCTION)\s+(?<name>{Name})\s+(?:TO|FROM)\s+(?<principal>{Ident})$", Options);
    private static readonly Regex ColumnType = new(@"^(?:string|int|integer|bigint|long|smallint|tinyint|double|float|boolean|date|timestamp|timestamp_ntz|binary|decimal(?:\(\s*\d+\s*(?:,\s*\d+\s*)?\))?|array<.+>|map<.+>|struct<.+>)$", Options);

    /// <summary>Runs <paramref name="text"/> when it is one of the DDL shapes above; false when it is none of them.</summary>
    private bool RunDdl(string text, string? catalog, string? schema, out JsonObject? result)
    {
        result = null;
        Match m;
        if ((m = CreateCatalogSql.Match(text)).Success)
        {
            var name = Part(m.Groups["name"].Value, 1)[0];
            if (UcState.Catalogs.ContainsKey(name))
            {
                return m.Groups["ine"].Success ? true : throw SqlFailure.Exists("CATALOG_ALREADY_EXISTS", $"Cannot create catalog `{name}` because it already exists.", "42000");
            }

            UcState.Catalogs[name] = new CatalogRecord { Name = name, Owner = User, CreatedAt = Now, Comment = Unquote(m.Groups["comment"]) };
            return true;
        }

        if ((m = CreateSchemaSql.Match(text)).Success)
        {
            var (c, s) = SchemaName(m.Groups["name"].Value, catalog);
            RequireCatalog(c);
            if (UcState.Schemas.ContainsKey(c + "." + s))
            {
                return m.Groups["ine"].Success ? true : throw SqlFailure.Exists("SCHEMA_ALREADY_EXISTS", $"Cannot create schema `{c}`.`{s}` because it already exists.", "42P06");
            }

            UcState.Schemas[c + "." + s] = new SchemaRecord { CatalogName = c, Name = s, Owner = User, CreatedAt = Now, Comment = Unquote(m.Groups["comment"]) };
            return true;
        }

        if ((m = CreateTableHead.Match(text)).Success)
        {
            CreateTable(text, m, catalog, schema);
            return true;
        }

        if ((m = CreateFunctionHead.Match(text)).Success)
        {
            CreateFunction(text, m, catalog, schema);
            return true;
        }

        if ((m = SetMask.Match(text)).Success || (m = DropMask.Match(text)).Success)
        {
            var table = RequireTable(m.Groups["table"].Value, catalog, schema);
            var columnName = Unquote(m.Groups["column"].Value);
            var column = table.Columns.FirstOrDefault(c => string.Equals(c.Name, columnName, StringComparison.OrdinalIgnoreCase))
                         ?? throw SqlFailure.Bad("UNRESOLVED_COLUMN.WITH_SUGGESTION", $"A column, variable, or function parameter with name `{columnName}` cannot be resolved. Did you mean one of the following? [{string.Join(", ", table.Columns.Select(c => "`" + c.Name + "`"))}].", "42703");
            if (!m.Groups["function"].Success)
            {
                (column.MaskFunction, column.MaskUsingColumns) = (null, []);
                return true;
            }

            var usingColumns = Idents(m.Groups["using"].Value);
            var function = RequireFunction(m.Groups["function"].Value, catalog, schema);
            if (function.Parameters.Count != 1 + usingColumns.Count)
            {
                throw SqlFailure.Bad("ROW_COLUMN_ACCESS.WRONG_NUMBER_OF_COLUMNS", $"The column mask function {function.FullName} takes {function.Parameters.Count} parameter(s) but {1 + usingColumns.Count} column(s) were given.", "42K0E");
            }

            (column.MaskFunction, column.MaskUsingColumns) = (function.FullName, usingColumns);
            return true;
        }

        if ((m = SetRowFilter.Match(text)).Success || (m = DropRowFilter.Match(text)).Success)
        {
            var table = RequireTable(m.Groups["table"].Value, catalog, schema);
            if (!m.Groups["function"].Success)
            {
                (table.RowFilterFunction, table.RowFilterColumns) = (null, []);
                return true;
            }

            var columns = Idents(m.Groups["columns"].Value);
            var function = RequireFunction(m.Groups["function"].Value, catalog, schema);
            if (columns.FirstOrDefault(c => !table.Columns.Any(t => string.Equals(t.Name, c, StringComparison.OrdinalIgnoreCase))) is { } unknown)
            {
                throw SqlFailure.Bad("UNRESOLVED_COLUMN.WITHOUT_SUGGESTION", $"A column, variable, or function parameter with name `{unknown}` cannot be resolved.", "42703");
            }

            if (function.Parameters.Count != columns.Count)
            {
                throw SqlFailure.Bad("ROW_COLUMN_ACCESS.WRONG_NUMBER_OF_COLUMNS", $"The row filter function {function.FullName} takes {function.Parameters.Count} parameter(s) but {columns.Count} column(s) were given.", "42K0E");
            }

            (table.RowFilterFunction, table.RowFilterColumns) = (function.FullName, columns);
            return true;
        }

        if ((m = Grant.Match(text)).Success)
        {
            GrantStatement(m, catalog, schema);
            return true;
        }

        return false;
    }

    private void CreateTable(string text, Match head, string? catalog, string? schema)
    {
        var (c, s, t) = TableName(head.Groups["name"].Value, catalog, schema);
        var open = head.Length - 1;
        var close = Closing(text, open);
        var columns = new List<ColumnRecord>();
        foreach (var definition in TopLevel(text[(open + 1)..close], ','))
        {
            var column = Regex.Match(definition.Trim(), $@"^(?<name>{Ident})\s+(?<type>[A-Za-z_]+(?:<.+>|\([^)]*\))?)(?<notnull>\s+NOT\s+NULL)?(?:\s+COMMENT\s+{Str})?$", Options);
            if (!column.Success)
            {
                throw SqlFailure.Syntax(FirstToken(definition));
            }

            var type = column.Groups["type"].Value.ToLowerInvariant();
            if (!ColumnType.IsMatch(type))
            {
                throw SqlFailure.Bad("UNSUPPORTED_DATATYPE", $"Unsupported data type \"{column.Groups["type"].Value.ToUpperInvariant()}\".", "0A000");
            }

            columns.Add(new ColumnRecord { Name = Unquote(column.Groups["name"].Value), TypeName = type, Nullable = !column.Groups["notnull"].Success, Position = columns.Count });
        }

        var (comment, properties, clustering) = TableClauses(text[(close + 1)..]);
        RequireSchema(c, s);
        if (UcState.Tables.ContainsKey($"{c}.{s}.{t}"))
        {
            if (head.Groups["ine"].Success)
            {
                return;
            }

            throw SqlFailure.Exists("TABLE_OR_VIEW_ALREADY_EXISTS", $"Cannot create table or view `{c}`.`{s}`.`{t}` because it already exists.", "42P07");
        }

        UcState.Tables[$"{c}.{s}.{t}"] = new TableRecord
        {
            CatalogName = c, SchemaName = s, Name = t, Columns = columns, Comment = comment, Properties = properties, ClusteringColumns = clustering,
            Owner = User, CreatedAt = Now, History = [new TableVersionRecord { Version = 0, Timestamp = Now, Operation = "CREATE TABLE" }],
        };
    }

    /// <summary>USING DELTA, COMMENT '…', TBLPROPERTIES ('k' = 'v', …), CLUSTER BY (c, …), in any order.</summary>
    private static (string? Comment, SortedDictionary<string, string> Properties, List<string> Clustering) TableClauses(string rest)
    {
        string? comment = null;
        var properties = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var clustering = new List<string>();
        var text = rest.Trim();
        while (text.Length > 0)
        {
            Match m;
            if ((m = Regex.Match(text, @"^USING\s+DELTA\b", Options)).Success)
            {
            }
            else if ((m = Regex.Match(text, $@"^COMMENT\s+(?<c>{Str})", Options)).Success)
            {
                comment = Unquote(m.Groups["c"]);
            }
            else if ((m = Regex.Match(text, @"^(?:TBLPROPERTIES|CLUSTER\s+BY)\s*\(", Options)).Success)
            {
                var close = Closing(text, m.Length - 1);
                var inner = text[m.Length..close];
                if (m.Value.StartsWith("TBLPROPERTIES", StringComparison.OrdinalIgnoreCase))
                {
                    foreach (var pair in TopLevel(inner, ','))
                    {
                        var kv = Regex.Match(pair.Trim(), $@"^(?<k>{Str}|[A-Za-z0-9_.]+)\s*=\s*(?<v>{Str}|[A-Za-z0-9_.]+)$", Options);
                        if (!kv.Success)
                        {
                            throw SqlFailure.Syntax(FirstToken(pair));
                        }

                        properties[Unquote(kv.Groups["k"].Value)] = Unquote(kv.Groups["v"].Value);
                    }
                }
                else
                {
                    clustering = Idents(inner);
                }

                text = text[(close + 1)..].TrimStart();
                continue;
            }
            else
            {
                throw SqlFailure.Syntax(FirstToken(text));
            }

            text = text[m.Length..].TrimStart();
        }

        return (comment, properties, clustering);
    }

    private void CreateFunction(string text, Match head, string? catalog, string? schema)
    {
        var (c, s, f) = TableName(head.Groups["name"].Value, catalog, schema);
        var open = head.Length - 1;
        var close = Closing(text, open);
        var parameters = new List<FunctionParameterRecord>();
        foreach (var parameter in TopLevel(text[(open + 1)..close], ',').Where(p => p.Trim().Length > 0))
        {
            var p = Regex.Match(parameter.Trim(), $@"^(?<name>{Ident})\s+(?<type>[A-Za-z_]+(?:<.+>|\([^)]*\))?)$", Options);
            if (!p.Success || !ColumnType.IsMatch(p.Groups["type"].Value))
            {
                throw SqlFailure.Syntax(FirstToken(parameter));
            }

            parameters.Add(new FunctionParameterRecord { Name = Unquote(p.Groups["name"].Value), TypeText = p.Groups["type"].Value.ToLowerInvariant() });
        }

        var tail = FunctionTail.Match(text[(close + 1)..]);
        if (!tail.Success)
        {
            throw SqlFailure.Syntax(FirstToken(text[(close + 1)..]));
        }

        var body = tail.Groups["body"].Value.Trim();
        Closing("(" + body + ")", 0); // unbalanced parentheses or quotes in the body are a syntax error
        RequireSchema(c, s);
        var key = $"{c}.{s}.{f}";
        if (UcState.Functions.ContainsKey(key) && !head.Groups["replace"].Success)
        {
            if (head.Groups["ine"].Success)
            {
                return;
            }

            throw SqlFailure.Exists("ROUTINE_ALREADY_EXISTS", $"Cannot create the routine `{c}`.`{s}`.`{f}` because it already exists.", "42723");
        }

        var owner = UcState.Functions.GetValueOrDefault(key)?.Owner ?? User;
        UcState.Functions[key] = new FunctionRecord
        {
            CatalogName = c, SchemaName = s, Name = f, Definition = body, Parameters = parameters, ReturnType = tail.Groups["type"].Value.ToLowerInvariant(),
            Comment = Unquote(tail.Groups["comment"]), Owner = owner, CreatedAt = Now,
        };
    }

    private void GrantStatement(Match m, string? catalog, string? schema)
    {
        var type = m.Groups["type"].Value.ToLowerInvariant() is "database" ? UnityCatalogPrivileges.Schema : m.Groups["type"].Value.ToLowerInvariant();
        var fullName = type switch
        {
            UnityCatalogPrivileges.Catalog => Part(m.Groups["name"].Value, 1)[0],
            UnityCatalogPrivileges.Schema => string.Join('.', SchemaName(m.Groups["name"].Value, catalog) is var (c, s) ? [c, s] : Array.Empty<string>()),
            _ => string.Join('.', TableName(m.Groups["name"].Value, catalog, schema) is var (c, s, t) ? [c, s, t] : Array.Empty<string>()),
        };
        if (!SecurableExists(type, fullName))
        {
            throw type == UnityCatalogPrivileges.Catalog
                ? SqlFailure.NotFound("NO_SUCH_CATALOG_EXCEPTION", $"Catalog '{fullName}' was not found.", "42704")
                : type == UnityCatalogPrivileges.Schema
                    ? SqlFailure.NotFound("SCHEMA_NOT_FOUND", $"The schema `{fullName.Replace(".", "`.`")}` cannot be found.", "42704")
                    : type == UnityCatalogPrivileges.Function
                    ? SqlFailure.NotFound("ROUTINE_NOT_FOUND", $"The routine `{fullName.Replace(".", "`.`")}` cannot be found.", "42883")
                    : SqlFailure.NotFound("TABLE_OR_VIEW_NOT_FOUND", $"The table or view `{fullName.Replace(".", "`.`")}` cannot be found.", "42P01");
        }

        var privileges = m.Groups["privileges"].Value.Split(',').Select(p => Regex.Replace(p.Trim().ToUpperInvariant(), @"\s+", "_")).ToList();
        if (privileges.FirstOrDefault(p => !UnityCatalogPrivileges.Accepts(type, p)) is { } invalid)
        {
            throw SqlFailure.Bad("INVALID_PARAMETER_VALUE", $"Privilege {invalid.Replace('_', ' ')} is not applicable to this entity [{fullName}:{type.ToUpperInvariant()}].", "42000");
        }

        var key = UnityCatalogAccess.Key(type, fullName);
        var principal = Unquote(m.Groups["principal"].Value);
        var grants = UcState.Grants.TryGetValue(key, out var existing) ? existing : UcState.Grants[key] = new(StringComparer.Ordinal);
        var held = grants.TryGetValue(principal, out var set) ? set : grants[principal] = new(StringComparer.Ordinal);
        if (m.Groups["verb"].Value.Equals("GRANT", StringComparison.OrdinalIgnoreCase))
        {
            held.UnionWith(privileges);
        }
        else
        {
            held.ExceptWith(privileges);
        }

        if (held.Count == 0)
        {
            grants.Remove(principal);
        }

        if (grants.Count == 0)
        {
            UcState.Grants.Remove(key);
        }
    }

    private bool SecurableExists(string type, string fullName) => type switch
    {
        UnityCatalogPrivileges.Catalog => UcState.Catalogs.ContainsKey(fullName),
        UnityCatalogPrivileges.Schema => UcState.Schemas.ContainsKey(fullName),
        UnityCatalogPrivileges.Function => UcState.Functions.ContainsKey(fullName),
        _ => UcState.Tables.ContainsKey(fullName),
    };

    private void RequireCatalog(string catalog)
    {
        if (!UcState.Catalogs.ContainsKey(catalog))
        {
            throw SqlFailure.NotFound("NO_SUCH_CATALOG_EXCEPTION", $"Catalog '{catalog}' was not found. Please verify the catalog name and then retry the query or command again.", "42704");
        }
    }

    private void RequireSchema(string catalog, string schema)
    {
        RequireCatalog(catalog);
        if (!UcState.Schemas.ContainsKey(catalog + "." + schema))
        {
            throw SqlFailure.NotFound("SCHEMA_NOT_FOUND", $"The schema `{catalog}`.`{schema}` cannot be found. Verify the spelling and correctness of the schema and catalog.", "42704");
        }
    }

    private TableRecord RequireTable(string name, string? catalog, string? schema)
    {
        var (c, s, t) = TableName(name, catalog, schema);
        return UcState.Tables.GetValueOrDefault($"{c}.{s}.{t}")
               ?? throw SqlFailure.NotFound("TABLE_OR_VIEW_NOT_FOUND", $"The table or view `{c}`.`{s}`.`{t}` cannot be found. Verify the spelling and correctness of the schema and catalog.", "42P01");
    }

    private FunctionRecord RequireFunction(string name, string? catalog, string? schema)
    {
        var (c, s, f) = TableName(name, catalog, schema);
        return UcState.Functions.GetValueOrDefault($"{c}.{s}.{f}")
               ?? throw SqlFailure.NotFound("ROUTINE_NOT_FOUND", $"The routine `{c}`.`{s}`.`{f}` cannot be found. Verify the spelling and correctness of the schema and catalog.", "42883");
    }
}
