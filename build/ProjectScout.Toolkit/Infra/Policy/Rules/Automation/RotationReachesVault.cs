using System.Text.Json.Nodes;
using ProjectScout.Model.Infra;
using static ProjectScout.Model.Azure.AzureResourceTypes;
using static ProjectScout.Model.Json.JsonPath;

namespace ProjectScout.Toolkit.Infra.Rules;

/// <summary>
/// The key rotation must be able to reach the vault it rotates into. Azure Automation's cloud sandboxes are not a
/// trusted service of the Key Vault firewall, so 'bypass: AzureServices' does not admit them: a schedule without runOn
/// reaches only a vault whose firewall allows all networks. With runOn, the hybrid worker group must exist with a
/// worker VM whose NIC sits in the VNet of the vault's private endpoint (or in a subnet the vault's firewall admits).
/// </summary>
public sealed class RotationReachesVault() : PolicyRuleBase("automation.rotation-reaches-vault", WafPillar.Security, "Key rotation runs where the vault answers (a hybrid worker inside its VNet)")
{
    public override string Recommendation => "Run the rotation schedules on a Hybrid Runbook Worker group whose VM sits in the vault's private-endpoint VNet (jobSchedules runOn).";

    public override IEnumerable<PolicyCheckResult> Evaluate(PolicyInput input)
    {
        var vaultName = input.Environment.Names.KeyVault;
        var vault = input.OfType(KeyVaults.Name).FirstOrDefault(v => string.Equals(v.Name, vaultName, StringComparison.OrdinalIgnoreCase));
        var vaultNetworks = VaultNetworks(input, vaultName, vault);
        foreach (var schedule in input.OfType(JobSchedules.Name))
        {
            var runOn = Str(schedule.Get("properties.runOn"));
            if (runOn.Length == 0)
            {
                var open = vault is not null && Str(vault.Get("properties.networkAcls.defaultAction")) == "Allow" && Str(vault.Get("properties.publicNetworkAccess")) != "Disabled";
                yield return Result(schedule, "properties.runOn", open, open
                    ? $"runs in Azure's cloud sandbox; {vaultName}'s firewall allows all networks"
                    : $"runs in Azure's cloud sandbox, which {vaultName}'s firewall refuses (Azure Automation is not a trusted service): 403 on every run; set runOn to a hybrid worker group inside the VNet");
                continue;
            }

            var account = schedule.Id[..schedule.Id.IndexOf("/jobSchedules/", StringComparison.OrdinalIgnoreCase)];
            var group = input.OfType(HybridWorkerGroups.Name).FirstOrDefault(g => string.Equals(g.Id, $"{account}/hybridRunbookWorkerGroups/{runOn}", StringComparison.OrdinalIgnoreCase));
            if (group is null)
            {
                yield return Result(schedule, "properties.runOn", false, $"runs on worker group '{runOn}', which no phase declares");
                continue;
            }

            var placements = input.Under(group, HybridWorkers.Name).Select(w => Str(w.Get("properties.vmResourceId"))).Select(vm => (Vm: vm, Subnets: Subnets(input, vm))).ToList();
            var reaching = placements.Where(p => p.Subnets.Any(s => vaultNetworks.Any(n => Within(s, n)))).ToList();
            yield return Result(schedule, "properties.runOn", reaching.Count > 0, reaching.Count > 0
                ? $"runs on worker group '{runOn}': VM {reaching[0].Vm.Split('/')[^1]} in {Within(reaching[0].Subnets, vaultNetworks)}, where {vaultName} answers"
                : placements.Count == 0 ? $"worker group '{runOn}' has no worker VM"
                : $"worker group '{runOn}' has no VM in a network {vaultName} admits ({(vaultNetworks.Count == 0 ? "the vault has no private endpoint or subnet rule" : string.Join(", ", vaultNetworks.Select(n => n.Split('/')[^1])))})");
        }
    }

    /// <summary>The VNets of the vault's private endpoints and the subnets its firewall admits (ids).</summary>
    private static List<string> VaultNetworks(PolicyInput input, string vaultName, SnapshotResource? vault)
    {
        var networks = new List<string>();
        foreach (var endpoint in input.OfType(PrivateEndpoints.Name))
        {
            var targets = (endpoint.Get("properties.privateLinkServiceConnections") as JsonArray ?? []).OfType<JsonObject>()
                .Select(c => GetString(c["properties"], "privateLinkServiceId"));
            if (targets.Any(t => t.EndsWith($"/{KeyVaults.Name}/{vaultName}", StringComparison.OrdinalIgnoreCase)))
            {
                var subnet = Str(endpoint.Get("properties.subnet.id"));
                var cut = subnet.IndexOf("/subnets/", StringComparison.OrdinalIgnoreCase);
                networks.Add(cut > 0 ? subnet[..cut] : subnet);
            }
        }

        networks.AddRange((vault?.Get("properties.networkAcls.virtualNetworkRules") as JsonArray ?? []).Select(r => GetString(r, "id")));
        return networks.Where(n => n.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
    }

    /// <summary>The subnets of a VM's NICs.</summary>
    private static List<string> Subnets(PolicyInput input, string vmId)
    {
        var vm = input.OfType(VirtualMachines.Name).FirstOrDefault(v => string.Equals(v.Id, vmId, StringComparison.OrdinalIgnoreCase));
        var nics = (vm?.Get("properties.networkProfile.networkInterfaces") as JsonArray ?? []).Select(n => GetString(n, "id")).ToHashSet(StringComparer.OrdinalIgnoreCase);
        return input.OfType(NetworkInterfaces.Name).Where(n => nics.Contains(n.Id))
            .SelectMany(n => (n.Get("properties.ipConfigurations") as JsonArray ?? []).Select(c => GetString(c?["properties"]?["subnet"], "id")))
            .Where(s => s.Length > 0).ToList();
    }

    private static bool Within(string subnet, string network) =>
        string.Equals(subnet, network, StringComparison.OrdinalIgnoreCase) || subnet.StartsWith(network + "/subnets/", StringComparison.OrdinalIgnoreCase);

    private static string Within(IEnumerable<string> subnets, IEnumerable<string> networks) =>
        subnets.First(s => networks.Any(n => Within(s, n))).Split('/')[^1];
}
