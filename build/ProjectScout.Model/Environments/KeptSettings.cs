namespace ProjectScout.Model.Environments;

/// <summary>One environment setting that keeps an adopted resource's value from before the toolkit, as written in the file.</summary>
public sealed record KeptSetting(string Key, string Value, Func<EnvironmentDefinition, bool> IsSet)
{
    /// <summary>"storage.allowSharedKeyAccess: true", as a user writes it.</summary>
    public string Display => $"{Key}: {Value}";
}

/// <summary>
/// The settings that keep an adopted resource's weaker value (each one the way out of an adoption conflict), declared
/// once: the validator accepts them only where the environment adopts, the templates get them as parameters, the policy
/// rules report them as advisory, and the adoption preflight names them.
/// </summary>
public static class KeptSettings
{
    public static readonly KeptSetting NoInfrastructureEncryption = new("storage.infrastructureEncryption", "false", e => !e.Storage.InfrastructureEncryption);
    public static readonly KeptSetting SharedKeyAccess = new("storage.allowSharedKeyAccess", "true", e => e.Storage.AllowSharedKeyAccess);
    public static readonly KeptSetting VaultAccessPolicies = new("keyVault.authorization", KeyVaultSettings.AccessPolicies, e => e.KeyVault.Authorization == KeyVaultSettings.AccessPolicies);
    public static readonly KeptSetting NoVnetInjection = new("databricks.vnetInjection", "false", e => !e.Databricks.VnetInjection);

    public static IReadOnlyList<KeptSetting> All { get; } = [NoInfrastructureEncryption, SharedKeyAccess, VaultAccessPolicies, NoVnetInjection];

    /// <summary>The kept settings <paramref name="environment"/> sets.</summary>
    public static IEnumerable<KeptSetting> SetIn(EnvironmentDefinition environment) => All.Where(k => k.IsSet(environment));
}
