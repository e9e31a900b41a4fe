using ProjectScout.Model.Environments;
using ProjectScout.Model.Infra;
using ProjectScout.Toolkit.Bicep;
using ProjectScout.Toolkit.Environments;

namespace ProjectScout.Toolkit.Infra;

/// <summary>
/// The deployment context offline snapshots are evaluated in. Environments name their subscription through a variable
/// (e.g. PROJECTSCOUT_PROD_SUBSCRIPTION_ID) that a developer machine does not have; offline checks then use a fixed,
/// documented placeholder so snapshots stay deterministic. No Azure call is made either way.
/// </summary>
public static class SnapshotContext
{
    /// <summary>Used when the environment's subscription variable is unset (documented in docs/infrastructure.md).</summary>
    public const string PlaceholderSubscriptionId = "00000000-0000-0000-0000-00000000c0de";

    /// <summary>Used when the environment's tenant variable is unset.</summary>
    public const string PlaceholderTenantId = "00000000-0000-0000-0000-0000000000aa";

    /// <summary>The context of one phase deployment; <paramref name="deploymentName"/> comes from <see cref="InfraPhase.DeploymentName"/>.</summary>
    public static SnapshotMetadata For(EnvironmentDefinition environment, string deploymentName, Func<string, string?>? variable = null)
    {
        variable ??= System.Environment.GetEnvironmentVariable;
        return new SnapshotMetadata(
            Resolve(environment.Azure.SubscriptionId, environment.Azure.SubscriptionIdVariable, variable, PlaceholderSubscriptionId),
            environment.Azure.ResourceGroup,
            environment.Azure.Location,
            Resolve(environment.Azure.TenantId, environment.Azure.TenantIdVariable, variable, PlaceholderTenantId),
            deploymentName);
    }

    private static string Resolve(string literal, string variableName, Func<string, string?> variable, string placeholder)
    {
        if (!string.IsNullOrWhiteSpace(literal))
        {
            return literal;
        }

        var value = string.IsNullOrWhiteSpace(variableName) ? null : variable(variableName);
        return string.IsNullOrWhiteSpace(value) ? placeholder : value.Trim();
    }
}
