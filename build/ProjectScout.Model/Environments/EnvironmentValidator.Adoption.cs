namespace ProjectScout.Model.Environments;

/// <summary>
/// The settings that keep an adopted resource's values from before the toolkit: each is a weaker choice than the target
/// design, so it is accepted only where the environment adopts existing resources (ownership.adoptsExisting).
/// </summary>
internal sealed partial class EnvironmentValidator
{
    private void Adoption()
    {
        var authorization = env.KeyVault.Authorization;
        if (!KeyVaultSettings.AuthorizationModes.Contains(authorization))
        {
            Add("keyVault.authorization", "env.key-vault-authorization", $"'{authorization}' is not a Key Vault authorization; use {string.Join(" or ", KeyVaultSettings.AuthorizationModes)}.");
        }

        if (env.Ownership.AdoptsExisting)
        {
            return;
        }

        foreach (var kept in KeptSettings.SetIn(env))
        {
            Add(kept.Key, "env.adoption", $"{kept.Display} keeps the value of a resource that existed before the toolkit, but this environment adopts none; remove it, or set ownership.adoptsExisting: true.");
        }
    }
}
