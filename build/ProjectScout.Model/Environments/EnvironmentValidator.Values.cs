using System.Net.Mail;
using System.Text.RegularExpressions;
using ProjectScout.Model.Diagnostics;

namespace ProjectScout.Model.Environments;

/// <summary>The value checks every section uses (cron, e-mails, CIDR, GUIDs, names, ranges, presence) and their patterns.</summary>
internal sealed partial class EnvironmentValidator
{
    private void Cron(string path, string expression)
    {
        if (Required(path, expression) && QuartzCron.Explain(expression) is { } problem)
        {
            Add(path, "env.cron", $"'{expression}' {problem}");
        }
    }

    private void Emails(string path, List<string> emails, bool required)
    {
        if (required && emails.Count == 0)
        {
            Add(path, "env.required", $"{path} needs at least one address.");
        }

        for (var i = 0; i < emails.Count; i++)
        {
            if (!MailAddress.TryCreate(emails[i], out var parsed) || parsed.Address != emails[i] || !emails[i].Contains('.', StringComparison.Ordinal))
            {
                Add($"{path}[{i}]", "env.email", $"'{emails[i]}' is not an e-mail address.");
            }
        }
    }

    private Ipv4Cidr? Cidr(string path, string value)
    {
        if (Ipv4Cidr.TryParse(value, out var cidr, out var error))
        {
            return cidr;
        }

        Add(path, "env.cidr", error + ".");
        return null;
    }

    private void Guid(string path, string value)
    {
        if (value.Length > 0 && !System.Guid.TryParseExact(value, "D", out _))
        {
            Add(path, "env.guid", $"'{value}' is not a GUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx).");
        }
    }

    private void VariableName(string path, string value)
    {
        if (value.Length > 0 && !VariableRegex().IsMatch(value))
        {
            Add(path, "env.variable", $"'{value}' is not an environment variable name (A-Z, 0-9, _).");
        }
    }

    private void Name(string path, string value, Func<string, string?> rule, string code)
    {
        if (Required(path, value))
        {
            Check(path, code, rule(value));
        }
    }

    private void Range(string path, int value, int min, int max, string meaning)
    {
        if (!Present(path))
        {
            Add(path, "env.required", $"{path} is required ({meaning}).");
        }
        else if (value < min || value > max)
        {
            Add(path, "env.range", $"{path} is {value}; it must be between {min} and {max} ({meaning}).");
        }
    }

    private bool Required(string path, string value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            return true;
        }

        Add(path, "env.required", $"{path} is required.");
        return false;
    }

    private bool Present(string path) => locations.Has(path);

    private void Check(string path, string code, string? message)
    {
        if (message is not null)
        {
            Add(path, code, message);
        }
    }

    private void Add(string path, string code, string message)
    {
        var (line, column) = locations.Of(path);
        _problems.Add(new Problem(locations.FileOf(path) ?? file, line, column, code, message));
    }

    [GeneratedRegex("^[a-z][a-z0-9]{2,30}$")]
    private static partial Regex RegionRegex();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex VariableRegex();

    [GeneratedRegex(@"^\d+\.\d+\.x(-[a-z0-9]+)*-scala\d+\.\d+$")]
    private static partial Regex SparkVersionRegex();

    /// <summary>adb-&lt;workspace-id&gt;.&lt;random-number&gt;.azuredatabricks.net (Azure China: databricks.azure.cn, Government: databricks.azure.us).</summary>
    [GeneratedRegex(@"^https://adb-\d+\.\d+\.(azuredatabricks\.net|databricks\.azure\.cn|databricks\.azure\.us)/?$")]
    private static partial Regex AzureDatabricksHostRegex();

    [GeneratedRegex("^[a-z_][a-z0-9_]*$")]
    private static partial Regex IdentifierRegex();

    [GeneratedRegex("^(/[^/]+)+$")]
    private static partial Regex WorkspacePathRegex();

    [GeneratedRegex("^[A-Za-z0-9_.-]{1,128}$")]
    private static partial Regex ScopeRegex();

    [GeneratedRegex("^Standard_[A-Za-z0-9_]+$")]
    private static partial Regex NodeTypeRegex();

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{2,62}/[A-Za-z0-9_./-]+/$")]
    private static partial Regex RawPrefixRegex();
}
