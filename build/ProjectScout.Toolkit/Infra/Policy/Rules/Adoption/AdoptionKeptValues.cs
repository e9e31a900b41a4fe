using ProjectScout.Model.Environments;
using ProjectScout.Model.Infra;

namespace ProjectScout.Toolkit.Infra.Rules;

/// <summary>
/// Advisory: an environment that adopts existing resources may keep their values from before the toolkit (shared key on,
/// access policies, no VNet injection, no infrastructure encryption) so the first deploy does not break them. Each kept
/// value is a gap the report shows with its reason and the migration that closes it; the gates yield to the setting.
/// </summary>
public sealed class AdoptionKeptValues()
    : PolicyRuleBase(AdoptionKeptValuesId, WafPillar.Security, "Adopted resources keep no weaker value", PolicyKind.Advisory)
{
    private static readonly IReadOnlyDictionary<KeptSetting, string> Gaps = new Dictionary<KeptSetting, string>
    {
        [KeptSettings.NoInfrastructureEncryption] = "the lake has one layer of encryption at rest; only a new account (data copied over) can have two",
        [KeptSettings.SharedKeyAccess] = "anyone holding an account key reads and writes the lake, bypassing Entra ID and RBAC; move the key's consumers (the original wasbs mounts) to Unity Catalog, then turn it off",
        [KeptSettings.VaultAccessPolicies] = "vault access is granted outside Azure RBAC and its audit; grant the readers RBAC roles first (they propagate slowly), then switch",
        [KeptSettings.NoVnetInjection] = "clusters run in a Databricks-managed VNet without the environment's NSGs, egress and private endpoints; move the workspace into the VNet ('Update workspace network configuration')",
    };

    public override string Recommendation => "Migrate the adopted resources to the target design, then remove the settings that keep their old values.";

    public override bool GapAccepted => true;

    public override IEnumerable<PolicyCheckResult> Evaluate(PolicyInput input)
    {
        var kept = KeptSettings.SetIn(input.Environment).ToList();
        if (kept.Count == 0)
        {
            yield return Check("environment", "adoption", true, "no adopted resource keeps a weaker value");
            yield break;
        }

        foreach (var setting in kept)
        {
            yield return Check("environment", setting.Key, false, $"{setting.Display}: {Gaps[setting]}");
        }
    }
}
