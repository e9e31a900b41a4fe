using ProjectScout.Model.Environments;
using ProjectScout.Model.Governance;

namespace ProjectScout.Toolkit.Governance;

/// <summary>One outbound rule the Databricks subnets need: an application rule (FQDN) or a network rule (service tag).</summary>
public sealed record EgressRule(string Kind, string Destination, string Ports, string Why);

/// <summary>
/// What the Databricks subnets must reach, and nothing more: the declared LLM provider hosts (governance.yaml
/// llmProviderHosts) plus what a VNet-injected, no-public-IP workspace needs (Learn "User-defined route settings for
/// Azure Databricks"; the shared reference unity-catalog-and-access.md §6). The environment's firewall is not deployed
/// by this toolkit (an environment names only its private IP, network.egress.firewallIp), so the list is documented in
/// ACCESS.md for its administrator instead of being applied.
/// </summary>
public static class EgressAllowList
{
    /// <summary>The workspace's own needs, as service tags (network rules).</summary>
    public static readonly IReadOnlyList<EgressRule> Databricks =
    [
        new("network", "AzureDatabricks (service tag)", "TCP 443", "control plane, secure cluster connectivity relay, web app"),
        new("network", "Storage (service tag)", "TCP 443", "artifact and log blobs of the workspace"),
        new("network", "Sql (service tag)", "TCP 3306", "the legacy Hive metastore"),
        new("network", "EventHub (service tag)", "TCP 9093", "workspace logs"),
        new("network", "AzureActiveDirectory (service tag)", "TCP 443", "token acquisition (optional, recommended)"),
    ];

    public static IReadOnlyList<EgressRule> For(GovernanceDeclaration governance) =>
    [
        .. governance.LlmProviderHosts.Order(StringComparer.Ordinal).Select(h => new EgressRule("application", h, "HTTPS 443", "LLM provider the insight notebooks call (templates/governance.yaml llmProviderHosts)")),
        .. Databricks,
    ];

    /// <summary>True when the environment's egress goes through a firewall that can enforce the list.</summary>
    public static bool Enforceable(EnvironmentDefinition environment) => environment.Network.Egress.Mode == EgressSettings.Firewall;
}
