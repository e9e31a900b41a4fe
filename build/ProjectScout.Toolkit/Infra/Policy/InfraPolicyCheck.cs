using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ProjectScout.Toolkit.Bicep;
using ProjectScout.Toolkit.Environments;

namespace ProjectScout.Toolkit.Infra;

/// <summary>The evidence of one phase: its predicted resources and its compiled template and parameters.</summary>
public sealed record PhaseEvidence(InfraPhase Phase, BicepSnapshot Snapshot, string CompiledTemplate, string CompiledParameters);

/// <summary>The lake layout from templates/infra/lake.json (the same file the templates load).</summary>
public sealed record LakeLayout(IReadOnlyList<string> Containers, IReadOnlyList<string> DeltaTableContainers, IReadOnlyList<string> RetentionContainers)
{
    public static LakeLayout Load(string path)
    {
        var node = JsonNode.Parse(File.ReadAllText(path))!;
        IReadOnlyList<string> List(string key) => node[key]?.AsArray().Select(v => (string)v!).ToList() ?? [];
        return new LakeLayout(List("containers"), List("deltaTableContainers"), List("retentionContainers"));
    }
}

/// <summary>
/// The pre-deploy checklist (bicep-and-arm.md §7) as native checks over the predicted resources of all phases of one
/// environment. Pure: same input, same results, in a stable order. Every evaluation is returned, passes included.
/// </summary>
public static partial class InfraPolicyCheck
{
    public const long MaxTemplateBytes = 4 * 1024 * 1024;

    private const string StorageType = "Microsoft.Storage/storageAccounts";
    private const string VaultType = "Microsoft.KeyVault/vaults";
    private const string DatabricksType = "Microsoft.Databricks/workspaces";
    private const string VnetType = "Microsoft.Network/virtualNetworks";
    private const string NsgType = "Microsoft.Network/networkSecurityGroups";
    private const string DiagnosticType = "Microsoft.Insights/diagnosticSettings";
    private const string PrivateEndpointType = "Microsoft.Network/privateEndpoints";
    private const string ZoneGroupType = "Microsoft.Network/privateEndpoints/privateDnsZoneGroups";
    private const string DnsZoneType = "Microsoft.Network/privateDnsZones";
    private const string DnsLinkType = "Microsoft.Network/privateDnsZones/virtualNetworkLinks";
    private const string MetricAlertType = "Microsoft.Insights/metricAlerts";
    private const string LogAlertType = "Microsoft.Insights/scheduledQueryRules";
    private const string ActionGroupType = "Microsoft.Insights/actionGroups";
    private const string AutomationType = "Microsoft.Automation/automationAccounts";
    private const string LockType = "Microsoft.Authorization/locks";
    private const string LogAnalyticsType = "Microsoft.OperationalInsights/workspaces";

    public static IReadOnlyList<PolicyRule> Rules { get; } =
    [
        new("storage.min-tls", WafPillar.Security, "Storage accounts require TLS 1.2"),
        new("storage.https-only", WafPillar.Security, "Storage accounts accept HTTPS only"),
        new("storage.no-public-blob-access", WafPillar.Security, "Anonymous blob access is disabled"),
        new("storage.no-shared-key", WafPillar.Security, "Shared-key (account key) access is disabled"),
        new("storage.default-deny", WafPillar.Security, "Storage firewall denies by default"),
        new("storage.public-network", WafPillar.Security, "Public network access is disabled or limited to allow-listed IP ranges"),
        new("storage.private-containers", WafPillar.Security, "Containers are private"),
        new("storage.private-endpoints", WafPillar.Security, "Blob and dfs private endpoints registered in linked privatelink zones"),
        new("storage.soft-delete", WafPillar.Reliability, "Blob and container soft delete on for at least 7 days"),
        new("storage.replication", WafPillar.Reliability, "Production storage is geo-redundant"),
        new("storage.hns-unsupported-features", WafPillar.Reliability, "No versioning, change feed or point-in-time restore on HNS accounts"),
        new("storage.lifecycle-delta-safe", WafPillar.Reliability, "Lifecycle never archives, never deletes Delta table paths by age, tiers to Cool only raw prefixes"),
        new("storage.lifecycle-present", WafPillar.CostOptimization, "The lake account has a lifecycle policy"),
        new("keyvault.rbac", WafPillar.Security, "Key Vault uses RBAC authorization"),
        new("keyvault.soft-delete", WafPillar.Reliability, "Key Vault soft delete is on (7-90 days)"),
        new("keyvault.purge-protection", WafPillar.Reliability, "Key Vault purge protection is on"),
        new("keyvault.default-deny", WafPillar.Security, "Key Vault firewall denies by default"),
        new("keyvault.private-endpoint", WafPillar.Security, "Key Vault private endpoint registered in a linked privatelink zone"),
        new("databricks.premium", WafPillar.Security, "Databricks workspace is premium (diagnostic logs, RBAC)"),
        new("databricks.no-public-ip", WafPillar.Security, "Secure cluster connectivity (no public IP)"),
        new("databricks.vnet-injection", WafPillar.Security, "VNet-injected into delegated subnets with NSGs, /26 or larger"),
        new("databricks.nsg-rules", WafPillar.Security, "Public network access disabled implies NoAzureDatabricksRules"),
        new("network.subnet-nsg", WafPillar.Security, "Every subnet has an NSG"),
        new("network.no-any-inbound", WafPillar.Security, "No NSG rule allows inbound traffic from any source"),
        new("network.dns-zone-linked", WafPillar.Security, "Every privatelink zone is linked to a VNet"),
        new("monitoring.diagnostic-settings", WafPillar.OperationalExcellence, "Diagnostic settings send to Log Analytics"),
        new("monitoring.alert-action-group", WafPillar.OperationalExcellence, "Every alert notifies an action group of the deployment"),
        new("monitoring.metric-auto-mitigate", WafPillar.OperationalExcellence, "Metric alerts resolve automatically"),
        new("monitoring.no-high-frequency-query", WafPillar.CostOptimization, "Log alerts do not run every minute"),
        new("monitoring.capacity-threshold-bytes", WafPillar.OperationalExcellence, "Capacity alert threshold is bytes = planned GiB x percent"),
        new("automation.managed-identity", WafPillar.Security, "Automation account has a managed identity and no local auth"),
        new("governance.tags", WafPillar.OperationalExcellence, "Top-level resources carry the environment's tags"),
        new("governance.locks", WafPillar.Reliability, "Stateful resources are locked where the environment asks"),
        new("template.no-secret-outputs", WafPillar.Security, "No template output carries a secret"),
        new("template.no-secret-parameters", WafPillar.Security, "No secret values in the parameters file"),
        new("template.arm-limits", WafPillar.OperationalExcellence, "ARM limits: template < 4 MB, <= 256 parameters, <= 64 outputs, <= 800 resources, deployment name"),
    ];

    private static readonly Dictionary<string, PolicyRule> RuleById = Rules.ToDictionary(r => r.Id, StringComparer.Ordinal);

    /// <summary>Resource types that must have a diagnostic setting when present.</summary>
    private static readonly string[] DiagnosticTypes =
    [
        StorageType, "Microsoft.Storage/storageAccounts/blobServices", VaultType, DatabricksType, VnetType, NsgType, AutomationType,
    ];


    public static IReadOnlyList<PolicyCheckResult> Evaluate(EnvironmentDefinition env, LakeLayout lake, IReadOnlyList<PhaseEvidence> phases)
    {
        var run = new Run(env, lake, phases);
        run.Storage();
        run.KeyVault();
        run.Databricks();
        run.Network();
        run.Monitoring();
        run.Governance();
        run.Templates();
        return run.Results
            .OrderBy(r => r.Phase).ThenBy(r => r.RuleId, StringComparer.Ordinal).ThenBy(r => r.ResourceType, StringComparer.Ordinal)
            .ThenBy(r => r.ResourceName, StringComparer.Ordinal).ThenBy(r => r.Property, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Reads a dotted path (<c>properties.networkAcls.defaultAction</c>) from a resource.</summary>
    public static JsonNode? Get(JsonNode? node, string path)
    {
        foreach (var part in path.Split('.'))
        {
            node = node is JsonObject obj && obj.TryGetPropertyValue(part, out var next) ? next : null;
            if (node is null)
            {
                return null;
            }
        }

        return node;
    }

    private static string Text(JsonNode? node) => node switch
    {
        null => "(not set)",
        JsonValue value when value.TryGetValue<string>(out var s) => s,
        _ => node.ToJsonString(),
    };

    private static bool IsTrue(JsonNode? node) => node is JsonValue v && v.TryGetValue<bool>(out var b) && b;

    private static string Str(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : string.Empty;

    [GeneratedRegex(@"privatelink\.[A-Za-z0-9-]+\.")]
    private static partial Regex PrivateLinkZone();

    [GeneratedRegex(@"^[-\w\._\(\)]{1,64}$")]
    private static partial Regex DeploymentNamePattern();

    private sealed record Located(int Phase, JsonObject Resource)
    {
        public string Type => Str(Resource["type"]);
        public string Name => Str(Resource["name"]);
        public string Id => Str(Resource["id"]);
    }

    private sealed class Run(EnvironmentDefinition env, LakeLayout lake, IReadOnlyList<PhaseEvidence> phases)
    {
        private readonly List<Located> _all = phases.SelectMany(p => p.Snapshot.PredictedResources.Select(r => new Located(p.Phase.Number, r))).ToList();

        public List<PolicyCheckResult> Results { get; } = [];

        private IEnumerable<Located> OfType(string type) => _all.Where(r => string.Equals(r.Type, type, StringComparison.OrdinalIgnoreCase));

        private void Add(string ruleId, Located resource, string property, bool passed, string evidence) =>
            Add(ruleId, resource.Phase, resource.Type, resource.Name, property, passed, evidence);

        private void Add(string ruleId, int phase, string type, string name, string property, bool passed, string evidence) =>
            Results.Add(new PolicyCheckResult(ruleId, RuleById[ruleId].Pillar, phase, type, name, property, passed, evidence));

        private void Expect(string ruleId, Located resource, string property, Func<JsonNode?, bool> predicate, string required)
        {
            var value = Get(resource.Resource, property);
            var passed = predicate(value);
            Add(ruleId, resource, property, passed, passed ? $"is {Text(value)}" : $"is {Text(value)}; must be {required}");
        }

        /// <summary>Private endpoints to <paramref name="targetId"/> for <paramref name="groupId"/> whose zone group names a VNet-linked zone starting with <paramref name="zonePrefix"/>.</summary>
        private (bool Found, string Evidence) PrivateEndpoint(string targetId, string groupId, string zonePrefix)
        {
            var endpoints = OfType(PrivateEndpointType).Where(pe =>
                Get(pe.Resource, "properties.privateLinkServiceConnections")?.AsArray().OfType<JsonObject>().Any(c =>
                    string.Equals(Str(Get(c, "properties.privateLinkServiceId")), targetId, StringComparison.OrdinalIgnoreCase)
                    && (Get(c, "properties.groupIds")?.AsArray().Any(g => string.Equals(Str(g), groupId, StringComparison.OrdinalIgnoreCase)) ?? false)) ?? false).ToList();
            if (endpoints.Count == 0)
            {
                return (false, $"no private endpoint with group '{groupId}'");
            }

            foreach (var endpoint in endpoints)
            {
                var groups = OfType(ZoneGroupType).Where(g => g.Id.StartsWith(endpoint.Id + "/", StringComparison.OrdinalIgnoreCase));
                var zoneIds = groups.SelectMany(g => Get(g.Resource, "properties.privateDnsZoneConfigs")?.AsArray().OfType<JsonObject>()
                    .Select(c => Str(Get(c, "properties.privateDnsZoneId"))) ?? []).ToList();
                foreach (var zoneId in zoneIds)
                {
                    // bicep snapshot leaves environment() unevaluated, so zone ids built from environment().suffixes stay
                    // expressions; match them by their literal privatelink.<service>. part instead of the full id.
                    var zone = OfType(DnsZoneType).FirstOrDefault(z => string.Equals(z.Id, zoneId, StringComparison.OrdinalIgnoreCase))
                               ?? OfType(DnsZoneType).FirstOrDefault(z => ZoneKey(z.Name) is { } key && ZoneKey(zoneId) == key);
                    var zoneName = zone?.Name ?? zoneId;
                    if (zoneName.Contains(zonePrefix, StringComparison.OrdinalIgnoreCase) && zone is not null && Linked(zone))
                    {
                        return (true, $"private endpoint '{endpoint.Name}' registered in linked zone '{ZoneKey(zoneName) ?? zoneName}*'");
                    }
                }

                if (zoneIds.Count == 0)
                {
                    return (false, $"private endpoint '{endpoint.Name}' has no privatelink DNS zone group");
                }
            }

            return (false, $"private endpoint '{endpoints[0].Name}' is not registered in a VNet-linked '{zonePrefix}*' zone");
        }

        private bool Linked(Located zone) =>
            OfType(DnsLinkType).Any(l => (l.Id.StartsWith(zone.Id + "/", StringComparison.OrdinalIgnoreCase) || (ZoneKey(zone.Name) is { } key && ZoneKey(l.Name) == key))
                                         && Str(Get(l.Resource, "properties.virtualNetwork.id")).Length > 0);

        /// <summary>The literal <c>privatelink.&lt;service&gt;.</c> part of a zone name, id or expression.</summary>
        private static string? ZoneKey(string text)
        {
            var match = PrivateLinkZone().Match(text);
            return match.Success ? match.Value.ToLowerInvariant() : null;
        }

        public void Storage()
        {
            foreach (var account in OfType(StorageType))
            {
                Expect("storage.min-tls", account, "properties.minimumTlsVersion", v => Str(v) == "TLS1_2", "TLS1_2");
                Expect("storage.https-only", account, "properties.supportsHttpsTrafficOnly", v => v is null || IsTrue(v), "true");
                Expect("storage.no-public-blob-access", account, "properties.allowBlobPublicAccess", v => v is JsonValue && !IsTrue(v), "false");
                Expect("storage.no-shared-key", account, "properties.allowSharedKeyAccess", v => v is JsonValue && !IsTrue(v), "false");
                Expect("storage.default-deny", account, "properties.networkAcls.defaultAction", v => Str(v) == "Deny", "Deny");
                var publicAccess = Str(Get(account.Resource, "properties.publicNetworkAccess"));
                var ipRules = Get(account.Resource, "properties.networkAcls.ipRules")?.AsArray().Count ?? 0;
                var deny = Str(Get(account.Resource, "properties.networkAcls.defaultAction")) == "Deny";
                var publicOk = publicAccess == "Disabled" || (publicAccess == "Enabled" && deny && ipRules > 0);
                Add("storage.public-network", account, "properties.publicNetworkAccess", publicOk,
                    publicOk ? $"is {publicAccess} with {ipRules} allow-listed IP range(s)" : $"is {(publicAccess.Length == 0 ? "(not set, i.e. Enabled)" : publicAccess)}; must be Disabled, or Enabled only with defaultAction Deny and allow-listed IP ranges");

                foreach (var group in new[] { "blob", "dfs" })
                {
                    var (found, evidence) = PrivateEndpoint(account.Id, group, $"privatelink.{group}.");
                    Add("storage.private-endpoints", account, $"privateEndpoints[{group}]", found, evidence);
                }

                var hns = IsTrue(Get(account.Resource, "properties.isHnsEnabled"));
                var blobService = OfType("Microsoft.Storage/storageAccounts/blobServices").FirstOrDefault(b => b.Id.StartsWith(account.Id + "/", StringComparison.OrdinalIgnoreCase));
                if (blobService is null)
                {
                    Add("storage.soft-delete", account, "blobServices/default", false, "no blob service settings; declare blob and container soft delete");
                }
                else
                {
                    foreach (var policy in new[] { "deleteRetentionPolicy", "containerDeleteRetentionPolicy" })
                    {
                        var enabled = IsTrue(Get(blobService.Resource, $"properties.{policy}.enabled"));
                        var days = (int?)Get(blobService.Resource, $"properties.{policy}.days") ?? 0;
                        Add("storage.soft-delete", blobService, $"properties.{policy}", enabled && days >= 7,
                            enabled && days >= 7 ? $"enabled for {days} days" : $"enabled={enabled}, days={days}; must be enabled for at least 7 days");
                    }

                    if (hns)
                    {
                        var unsupported = new[] { "isVersioningEnabled", "changeFeed.enabled", "restorePolicy.enabled" }
                            .Where(p => IsTrue(Get(blobService.Resource, "properties." + p))).ToList();
                        Add("storage.hns-unsupported-features", blobService, "properties", unsupported.Count == 0,
                            unsupported.Count == 0 ? "no versioning, change feed or point-in-time restore requested" : $"requests {string.Join(", ", unsupported)}, unsupported on HNS accounts");
                    }
                }

                foreach (var container in OfType("Microsoft.Storage/storageAccounts/blobServices/containers").Where(c => c.Id.StartsWith(account.Id + "/", StringComparison.OrdinalIgnoreCase)))
                {
                    Expect("storage.private-containers", container, "properties.publicAccess", v => v is null || Str(v) == "None", "None");
                }

                if (env.IsProduction)
                {
                    Expect("storage.replication", account, "sku.name", v => AzureFacts.GeoRedundantStorageSkus.Contains(Str(v)), "a geo-redundant SKU (GRS, RA-GRS, GZRS, RA-GZRS)");
                }

                if (string.Equals(account.Name, env.Names.StorageAccount, StringComparison.OrdinalIgnoreCase))
                {
                    var hasPolicy = OfType("Microsoft.Storage/storageAccounts/managementPolicies").Any(p => p.Id.StartsWith(account.Id + "/", StringComparison.OrdinalIgnoreCase));
                    Add("storage.lifecycle-present", account, "managementPolicies/default", hasPolicy, hasPolicy ? "lifecycle policy declared" : "no lifecycle policy for the lake account");
                }
            }

            foreach (var policy in OfType("Microsoft.Storage/storageAccounts/managementPolicies"))
            {
                var rules = Get(policy.Resource, "properties.policy.rules")?.AsArray().OfType<JsonObject>().ToList() ?? [];
                foreach (var rule in rules)
                {
                    var ruleName = Str(rule["name"]);
                    var prefixes = Get(rule, "definition.filters.prefixMatch")?.AsArray().Select(Str).ToList() ?? [];
                    var baseBlob = Get(rule, "definition.actions.baseBlob") as JsonObject;
                    var problems = new List<string>();
                    if (rule.ToJsonString().Contains("tierToArchive", StringComparison.Ordinal))
                    {
                        problems.Add("moves blobs to Archive (offline: Delta reads fail)");
                    }

                    if (baseBlob is not null)
                    {
                        var tables = prefixes.Count == 0
                            ? lake.DeltaTableContainers.ToList()
                            : prefixes.Where(p => lake.DeltaTableContainers.Any(c => p.StartsWith(c + "/", StringComparison.Ordinal) || p == c)).ToList();
                        if (baseBlob.ContainsKey("delete") && tables.Count > 0)
                        {
                            problems.Add($"deletes Delta table files by age under {string.Join(", ", tables)}");
                        }

                        if (baseBlob.ContainsKey("tierToCool") || baseBlob.ContainsKey("tierToCold"))
                        {
                            var notRaw = (prefixes.Count == 0 ? ["(whole account)"] : prefixes)
                                .Where(p => !env.Storage.RawPrefixes.Any(r => p.StartsWith(r, StringComparison.Ordinal))).ToList();
                            if (notRaw.Count > 0)
                            {
                                problems.Add($"tiers non-raw paths {string.Join(", ", notRaw)} (raw prefixes: {string.Join(", ", env.Storage.RawPrefixes)})");
                            }
                        }
                    }

                    Add("storage.lifecycle-delta-safe", policy, $"properties.policy.rules[{ruleName}]", problems.Count == 0,
                        problems.Count == 0 ? $"prefixes {(prefixes.Count == 0 ? "(whole account)" : string.Join(", ", prefixes))}: safe for Delta" : string.Join("; ", problems));
                }
            }
        }

        public void KeyVault()
        {
            foreach (var vault in OfType(VaultType))
            {
                Expect("keyvault.rbac", vault, "properties.enableRbacAuthorization", IsTrue, "true");
                Expect("keyvault.soft-delete", vault, "properties.enableSoftDelete", v => v is null || IsTrue(v), "true");
                Expect("keyvault.soft-delete", vault, "properties.softDeleteRetentionInDays", v => v is null || ((int?)v is >= 7 and <= 90), "7-90");
                Expect("keyvault.purge-protection", vault, "properties.enablePurgeProtection", IsTrue, "true");
                Expect("keyvault.default-deny", vault, "properties.networkAcls.defaultAction", v => Str(v) == "Deny", "Deny");
                var (found, evidence) = PrivateEndpoint(vault.Id, "vault", "privatelink.vaultcore.");
                Add("keyvault.private-endpoint", vault, "privateEndpoints[vault]", found, evidence);
            }
        }

        public void Databricks()
        {
            foreach (var workspace in OfType(DatabricksType))
            {
                Expect("databricks.premium", workspace, "sku.name", v => Str(v) == "premium", "premium");
                Expect("databricks.no-public-ip", workspace, "properties.parameters.enableNoPublicIp.value", IsTrue, "true");
                var publicAccess = Str(Get(workspace.Resource, "properties.publicNetworkAccess"));
                var nsgRules = Str(Get(workspace.Resource, "properties.requiredNsgRules"));
                var nsgOk = publicAccess != "Disabled" || nsgRules == "NoAzureDatabricksRules";
                Add("databricks.nsg-rules", workspace, "properties.requiredNsgRules", nsgOk,
                    nsgOk ? $"publicNetworkAccess {(publicAccess.Length == 0 ? "Enabled" : publicAccess)}, requiredNsgRules {nsgRules}" : $"is {nsgRules} with publicNetworkAccess Disabled; must be NoAzureDatabricksRules");

                var vnetId = Str(Get(workspace.Resource, "properties.parameters.customVirtualNetworkId.value"));
                var vnet = OfType(VnetType).FirstOrDefault(v => string.Equals(v.Id, vnetId, StringComparison.OrdinalIgnoreCase));
                foreach (var key in new[] { "customPublicSubnetName", "customPrivateSubnetName" })
                {
                    var subnetName = Str(Get(workspace.Resource, $"properties.parameters.{key}.value"));
                    var property = $"properties.parameters.{key}";
                    if (vnetId.Length == 0 || subnetName.Length == 0)
                    {
                        Add("databricks.vnet-injection", workspace, property, false, "not VNet-injected; set customVirtualNetworkId and both subnet names at creation");
                        continue;
                    }

                    var subnet = vnet is null ? null : Get(vnet.Resource, "properties.subnets")?.AsArray().OfType<JsonObject>().FirstOrDefault(s => Str(s["name"]) == subnetName);
                    if (subnet is null)
                    {
                        Add("databricks.vnet-injection", workspace, property, false, $"subnet '{subnetName}' is not declared in the VNet of the deployment");
                        continue;
                    }

                    var problems = new List<string>();
                    var delegated = Get(subnet, "properties.delegations")?.AsArray().Any(d => Str(Get(d, "properties.serviceName")) == "Microsoft.Databricks/workspaces") ?? false;
                    if (!delegated)
                    {
                        problems.Add("not delegated to Microsoft.Databricks/workspaces");
                    }

                    if (Str(Get(subnet, "properties.networkSecurityGroup.id")).Length == 0)
                    {
                        problems.Add("has no NSG");
                    }

                    var prefix = Str(Get(subnet, "properties.addressPrefix"));
                    if (!Ipv4Cidr.TryParse(prefix, out var cidr, out _) || cidr.PrefixLength > 26)
                    {
                        problems.Add($"prefix {prefix} is smaller than /26");
                    }

                    Add("databricks.vnet-injection", workspace, property, problems.Count == 0,
                        problems.Count == 0 ? $"subnet '{subnetName}' ({prefix}) delegated, with NSG" : $"subnet '{subnetName}' {string.Join(", ", problems)}");
                }
            }
        }

        public void Network()
        {
            var nsgIds = OfType(NsgType).Select(n => n.Id).ToHashSet(StringComparer.OrdinalIgnoreCase);
            foreach (var vnet in OfType(VnetType))
            {
                foreach (var subnet in Get(vnet.Resource, "properties.subnets")?.AsArray().OfType<JsonObject>() ?? [])
                {
                    var name = Str(subnet["name"]);
                    var nsg = Str(Get(subnet, "properties.networkSecurityGroup.id"));
                    var passed = nsg.Length > 0 && nsgIds.Contains(nsg);
                    Add("network.subnet-nsg", vnet, $"properties.subnets[{name}].networkSecurityGroup", passed,
                        passed ? $"NSG {nsg.Split('/')[^1]}" : nsg.Length == 0 ? "no NSG; every subnet needs one" : $"NSG {nsg} is not declared by the deployment");
                }
            }

            foreach (var subnet in OfType("Microsoft.Network/virtualNetworks/subnets"))
            {
                var nsg = Str(Get(subnet.Resource, "properties.networkSecurityGroup.id"));
                Add("network.subnet-nsg", subnet, "properties.networkSecurityGroup", nsg.Length > 0, nsg.Length > 0 ? $"NSG {nsg.Split('/')[^1]}" : "no NSG; every subnet needs one");
            }

            foreach (var nsg in OfType(NsgType))
            {
                var open = (Get(nsg.Resource, "properties.securityRules")?.AsArray().OfType<JsonObject>() ?? [])
                    .Where(r => Str(Get(r, "properties.direction")) == "Inbound" && Str(Get(r, "properties.access")) == "Allow"
                                && Str(Get(r, "properties.sourceAddressPrefix")) is "*" or "Internet" or "0.0.0.0/0" or "Any")
                    .Select(r => Str(r["name"])).ToList();
                Add("network.no-any-inbound", nsg, "properties.securityRules", open.Count == 0,
                    open.Count == 0 ? "no inbound allow rule from any source" : $"rules {string.Join(", ", open)} allow inbound from any source");
            }

            foreach (var zone in OfType(DnsZoneType))
            {
                var linked = Linked(zone);
                Add("network.dns-zone-linked", zone, "virtualNetworkLinks", linked, linked ? "linked to a VNet" : "no VNet link; private endpoints would not resolve privately");
            }
        }

        public void Monitoring()
        {
            var diagnostics = OfType(DiagnosticType).ToList();
            foreach (var resource in _all.Where(r => DiagnosticTypes.Contains(r.Type, StringComparer.OrdinalIgnoreCase)))
            {
                var settings = diagnostics.Where(d => d.Id.StartsWith(resource.Id + "/providers/Microsoft.Insights/diagnosticSettings/", StringComparison.OrdinalIgnoreCase)).ToList();
                var toWorkspace = settings.Where(s => Str(Get(s.Resource, "properties.workspaceId")).Contains("/Microsoft.OperationalInsights/workspaces/", StringComparison.OrdinalIgnoreCase)).ToList();
                Add("monitoring.diagnostic-settings", resource, "diagnosticSettings", toWorkspace.Count > 0,
                    toWorkspace.Count > 0 ? $"'{toWorkspace[0].Name}' sends to {Str(Get(toWorkspace[0].Resource, "properties.workspaceId")).Split('/')[^1]}" : "no diagnostic setting sends this resource's logs/metrics to Log Analytics");
            }

            var actionGroups = OfType(ActionGroupType).Select(a => a.Id).ToHashSet(StringComparer.OrdinalIgnoreCase);
            // Alerts of later phases route to the phase-1 action group through its resource id.
            var expectedGroup = $"/providers/Microsoft.Insights/actionGroups/{env.Names.ActionGroup}";
            foreach (var alert in OfType(MetricAlertType).Concat(OfType(LogAlertType)))
            {
                var groups = alert.Type.Equals(MetricAlertType, StringComparison.OrdinalIgnoreCase)
                    ? Get(alert.Resource, "properties.actions")?.AsArray().Select(a => Str(Get(a, "actionGroupId"))).ToList() ?? []
                    : Get(alert.Resource, "properties.actions.actionGroups")?.AsArray().Select(Str).ToList() ?? [];
                var known = groups.Where(g => actionGroups.Contains(g) || g.EndsWith(expectedGroup, StringComparison.OrdinalIgnoreCase)).ToList();
                Add("monitoring.alert-action-group", alert, "properties.actions", known.Count > 0,
                    known.Count > 0 ? $"notifies {known[0].Split('/')[^1]}" : groups.Count == 0 ? "notifies no action group" : $"notifies {string.Join(", ", groups)}, not the deployment's action group");
            }

            foreach (var alert in OfType(MetricAlertType))
            {
                Expect("monitoring.metric-auto-mitigate", alert, "properties.autoMitigate", v => v is null || IsTrue(v), "true");
                foreach (var criterion in Get(alert.Resource, "properties.criteria.allOf")?.AsArray().OfType<JsonObject>() ?? [])
                {
                    if (Str(criterion["metricName"]) != "UsedCapacity")
                    {
                        continue;
                    }

                    var expected = (long)env.Monitoring.StorageCapacityGiB * 1073741824L * env.Monitoring.StorageCapacityAlertPercent / 100;
                    var actual = (long?)criterion["threshold"] ?? -1;
                    Add("monitoring.capacity-threshold-bytes", alert, "properties.criteria.allOf[UsedCapacity].threshold", actual == expected,
                        actual == expected ? $"{actual} bytes = {env.Monitoring.StorageCapacityAlertPercent}% of {env.Monitoring.StorageCapacityGiB} GiB"
                            : $"is {actual}; must be {expected} bytes ({env.Monitoring.StorageCapacityAlertPercent}% of {env.Monitoring.StorageCapacityGiB} GiB): UsedCapacity is in bytes");
                }
            }

            foreach (var alert in OfType(LogAlertType))
            {
                Expect("monitoring.no-high-frequency-query", alert, "properties.evaluationFrequency", v => Str(v) != "PT1M", "PT5M or slower");
            }

            foreach (var account in OfType(AutomationType))
            {
                Expect("automation.managed-identity", account, "identity.type", v => Str(v).Contains("SystemAssigned", StringComparison.Ordinal) || Str(v).Contains("UserAssigned", StringComparison.Ordinal), "SystemAssigned or UserAssigned");
                Expect("automation.managed-identity", account, "properties.disableLocalAuth", IsTrue, "true");
            }
        }

        public void Governance()
        {
            foreach (var resource in _all.Where(r => r.Type.Count(c => c == '/') == 1
                         && !r.Type.Equals(DiagnosticType, StringComparison.OrdinalIgnoreCase)
                         && !r.Type.Equals(LockType, StringComparison.OrdinalIgnoreCase)
                         && !r.Type.StartsWith("Microsoft.Authorization/", StringComparison.OrdinalIgnoreCase)))
            {
                var tags = resource.Resource["tags"] as JsonObject;
                var missing = env.Tags.Keys.Where(k => tags is null || !tags.ContainsKey(k)).ToList();
                Add("governance.tags", resource, "tags", missing.Count == 0, missing.Count == 0 ? $"{env.Tags.Count} environment tags" : $"missing tags {string.Join(", ", missing)}");
            }

            if (!env.Storage.ResourceLocks)
            {
                return;
            }

            var locks = OfType(LockType).ToList();
            foreach (var resource in _all.Where(r => AzureFacts.StatefulResourceTypes.Contains(r.Type)))
            {
                var locked = locks.Any(l => l.Id.StartsWith(resource.Id + "/providers/Microsoft.Authorization/locks/", StringComparison.OrdinalIgnoreCase)
                                            && Str(Get(l.Resource, "properties.level")) == "CanNotDelete");
                Add("governance.locks", resource, "locks", locked, locked ? "CanNotDelete lock declared" : "no CanNotDelete lock; the environment sets storage.resourceLocks");
            }
        }

        public void Templates()
        {
            foreach (var phase in phases)
            {
                var number = phase.Phase.Number;
                var template = JsonNode.Parse(phase.CompiledTemplate)!;
                var templateName = phase.Phase.TemplateFileName;
                const string type = "template";

                var outputs = template["outputs"] as JsonObject ?? new JsonObject();
                foreach (var (name, output) in outputs)
                {
                    var outputType = Str(output?["type"]).ToLowerInvariant();
                    var value = output?["value"]?.ToJsonString() ?? string.Empty;
                    var secret = outputType is "securestring" or "secureobject"
                                 || value.Contains("listKeys(", StringComparison.OrdinalIgnoreCase)
                                 || value.Contains("listSecrets(", StringComparison.OrdinalIgnoreCase)
                                 || value.Contains("sharedKeys", StringComparison.OrdinalIgnoreCase)
                                 || value.Contains("connectionString", StringComparison.OrdinalIgnoreCase);
                    Add("template.no-secret-outputs", number, type, templateName, $"outputs.{name}", !secret,
                        secret ? "returns a secret (listKeys/listSecrets/shared key/secure type); outputs are stored in the deployment history in clear text" : "no secret");
                }

                var parameters = JsonNode.Parse(phase.CompiledParameters)?["parameters"] as JsonObject ?? new JsonObject();
                var declared = template["parameters"] as JsonObject ?? new JsonObject();
                foreach (var (name, value) in parameters)
                {
                    var declaredType = Str(declared[name]?["type"]).ToLowerInvariant();
                    var literalSecret = declaredType is "securestring" or "secureobject" && value?["value"] is not null;
                    Add("template.no-secret-parameters", number, type, templateName, $"parameters.{name}", !literalSecret,
                        literalSecret ? "a secure parameter has a literal value in the parameters file; use a Key Vault reference" : "not a secret literal");
                }

                var size = Encoding.UTF8.GetByteCount(phase.CompiledTemplate);
                var limits = new List<string>();
                if (size >= MaxTemplateBytes) limits.Add($"template is {size} bytes (limit 4 MB)");
                if (declared.Count > 256) limits.Add($"{declared.Count} parameters (limit 256)");
                if (outputs.Count > 64) limits.Add($"{outputs.Count} outputs (limit 64)");
                if (phase.Snapshot.PredictedResources.Count > 800) limits.Add($"{phase.Snapshot.PredictedResources.Count} resources (limit 800)");
                var deploymentName = phase.Phase.DeploymentName(env.Name, phase.CompiledTemplate, phase.CompiledParameters);
                if (!DeploymentNamePattern().IsMatch(deploymentName)) limits.Add($"deployment name '{deploymentName}' is not 1-64 characters of [-\\w._()]");
                Add("template.arm-limits", number, type, templateName, "size/parameters/outputs/resources/deploymentName", limits.Count == 0,
                    limits.Count == 0
                        ? $"{size} bytes, {declared.Count} parameters, {outputs.Count} outputs, {phase.Snapshot.PredictedResources.Count} resources, deployment '{deploymentName}'"
                        : string.Join("; ", limits));
            }
        }
    }
}
