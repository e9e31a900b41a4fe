using System.Text.RegularExpressions;

namespace ProjectScout.Model.Environments;

/// <summary>Azure's naming rules for the resource types the toolkit names, each returning an explanation or null.</summary>
public static partial class AzureNaming
{
    public static string? StorageAccount(string name) =>
        StorageRegex().IsMatch(name) ? null : $"'{name}' is not a valid storage account name: use 3-24 lowercase letters and digits only.";

    public static string? KeyVault(string name) =>
        KeyVaultRegex().IsMatch(name) && !name.Contains("--", StringComparison.Ordinal)
            ? null
            : $"'{name}' is not a valid Key Vault name: use 3-24 letters, digits and single hyphens, starting with a letter and ending with a letter or digit.";

    public static string? ResourceGroup(string name) =>
        ResourceGroupRegex().IsMatch(name) && !name.EndsWith('.')
            ? null
            : $"'{name}' is not a valid resource group name: use 1-90 letters, digits, '_', '-', '.', '(' or ')', not ending with '.'.";

    public static string? DatabricksWorkspace(string name) =>
        DatabricksRegex().IsMatch(name) ? null : $"'{name}' is not a valid Databricks workspace name: use 3-64 letters, digits, '_' and '-'.";

    public static string? LogAnalyticsWorkspace(string name) =>
        LogAnalyticsRegex().IsMatch(name) ? null : $"'{name}' is not a valid Log Analytics workspace name: use 4-63 letters, digits and hyphens, starting and ending with a letter or digit.";

    public static string? AutomationAccount(string name) =>
        AutomationRegex().IsMatch(name) ? null : $"'{name}' is not a valid Automation account name: use 6-50 letters, digits and hyphens, starting with a letter and ending with a letter or digit.";

    public static string? VirtualNetwork(string name) =>
        NetworkRegex().IsMatch(name) ? null : $"'{name}' is not a valid virtual network name: use 2-64 letters, digits, '_', '.', '-', starting with a letter or digit.";

    public static string? GenericName(string name, int max) =>
        name.Length is >= 1 && name.Length <= max && !name.Any(c => "<>%&\\?/".Contains(c))
            ? null
            : $"'{name}' is not a valid name: use 1-{max} characters without < > % & \\ ? /.";

    public static string? KeyVaultSecret(string name) =>
        SecretRegex().IsMatch(name) ? null : $"'{name}' is not a valid Key Vault secret name: use 1-127 letters, digits and hyphens.";

    [GeneratedRegex("^[a-z0-9]{3,24}$")]
    private static partial Regex StorageRegex();

    [GeneratedRegex("^[a-zA-Z][a-zA-Z0-9-]{1,22}[a-zA-Z0-9]$")]
    private static partial Regex KeyVaultRegex();

    [GeneratedRegex(@"^[-\w\.\(\)]{1,90}$")]
    private static partial Regex ResourceGroupRegex();

    [GeneratedRegex("^[a-zA-Z0-9_-]{3,64}$")]
    private static partial Regex DatabricksRegex();

    [GeneratedRegex("^[a-zA-Z0-9][a-zA-Z0-9-]{2,61}[a-zA-Z0-9]$")]
    private static partial Regex LogAnalyticsRegex();

    [GeneratedRegex("^[a-zA-Z][a-zA-Z0-9-]{4,48}[a-zA-Z0-9]$")]
    private static partial Regex AutomationRegex();

    [GeneratedRegex(@"^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,62}[a-zA-Z0-9_]$")]
    private static partial Regex NetworkRegex();

    [GeneratedRegex("^[0-9a-zA-Z-]{1,127}$")]
    private static partial Regex SecretRegex();
}
