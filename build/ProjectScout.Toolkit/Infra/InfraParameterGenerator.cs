using System.Globalization;
using System.Text.Json.Nodes;
using ProjectScout.Model.Environments;
using ProjectScout.Model.Infra;
using ProjectScout.Model.Lakehouse;
using ProjectScout.Toolkit.Bicep;
using ProjectScout.Toolkit.Environments;
using ProjectScout.Toolkit.Lakehouse;

namespace ProjectScout.Toolkit.Infra;

/// <summary>
/// Turns the environment file into the parameter values of the phase templates, so every name and setting is declared
/// once (templates/environments/&lt;env&gt;.yaml), and the lake's layout and the quality gates' task-key suffix from the
/// lakehouse declaration (templates/lakehouse.yaml). Each phase gets exactly the parameters its template declares.
/// </summary>
public static class InfraParameterGenerator
{
    /// <summary>Every value any phase template may declare, by parameter name.</summary>
    public static IReadOnlyDictionary<string, JsonNode?> AllValues(EnvironmentDefinition env, LakehouseDeclaration lakehouse)
    {
        var n = env.Names;
        JsonArray Strings(IEnumerable<string> items) => new(items.Select(i => (JsonNode?)JsonValue.Create(i)).ToArray());
        return new SortedDictionary<string, JsonNode?>(StringComparer.Ordinal)
        {
            ["location"] = env.Azure.Location,
            ["names"] = new JsonObject
            {
                ["databricksWorkspace"] = n.DatabricksWorkspace,
                ["storageAccount"] = n.StorageAccount,
                ["backupStorageAccount"] = n.BackupStorageAccount,
                ["keyVault"] = n.KeyVault,
                ["logAnalyticsWorkspace"] = n.LogAnalyticsWorkspace,
                ["actionGroup"] = n.ActionGroup,
                ["virtualNetwork"] = n.VirtualNetwork,
                ["automationAccount"] = n.AutomationAccount,
                ["monitoringDashboard"] = n.MonitoringDashboard,
                ["storageDashboard"] = n.StorageDashboard,
            },
            ["ownership"] = new JsonObject
            {
                ["databricksWorkspace"] = env.Ownership.DatabricksWorkspace,
                ["storageAccount"] = env.Ownership.StorageAccount,
                ["keyVault"] = env.Ownership.KeyVault,
            },
            ["monitoring"] = new JsonObject
            {
                ["retentionDays"] = env.Monitoring.RetentionDays,
                // Bicep has no floating-point literals; the template turns this back into a number with json().
                ["dailyCapGb"] = env.Monitoring.DailyCapGb.ToString("0.###", CultureInfo.InvariantCulture),
                ["storageCapacityGiB"] = env.Monitoring.StorageCapacityGiB,
                ["storageCapacityAlertPercent"] = env.Monitoring.StorageCapacityAlertPercent,
            },
            ["network"] = new JsonObject
            {
                ["addressSpace"] = env.Network.AddressSpace,
                ["databricksHostSubnet"] = env.Network.Subnets.DatabricksHost,
                ["databricksContainerSubnet"] = env.Network.Subnets.DatabricksContainer,
                ["privateEndpointSubnet"] = env.Network.Subnets.PrivateEndpoints,
                ["allowedIpRanges"] = Strings(env.Network.AllowedIpRanges),
                ["egress"] = new JsonObject
                {
                    ["mode"] = env.Network.Egress.Mode,
                    ["firewallIp"] = env.Network.Egress.FirewallIp,
                },
            },
            ["allowedIpRanges"] = Strings(env.Network.AllowedIpRanges),
            ["storage"] = new JsonObject
            {
                ["sku"] = env.Storage.Sku,
                ["softDeleteDays"] = env.Storage.SoftDeleteDays,
                ["rawPrefixes"] = Strings(env.Storage.RawPrefixes),
                ["rawCoolAfterDays"] = env.Storage.RawCoolAfterDays,
                ["logRetentionDays"] = env.Storage.LogRetentionDays,
                ["dataQualityRetentionDays"] = env.Storage.DataQualityRetentionDays,
                ["inventoryRetentionDays"] = env.Storage.InventoryRetentionDays,
                ["snapshotRetentionDays"] = env.Storage.SnapshotRetentionDays,
                ["backupAccount"] = env.Storage.BackupAccount,
                ["resourceLocks"] = env.Storage.ResourceLocks,
            },
            ["keyRotation"] = new JsonObject
            {
                ["intervalDays"] = env.KeyRotation.IntervalDays,
                ["thirdPartySecrets"] = new JsonArray(env.KeyRotation.ThirdPartySecrets.Select(s => (JsonNode?)new JsonObject
                {
                    ["name"] = s.Name,
                    ["expiresOn"] = s.ExpiresOn,
                    ["rotationDays"] = s.RotationDays,
                }).ToArray()),
                ["nearExpiryWarningDays"] = env.KeyRotation.NearExpiryWarningDays,
                ["worker"] = new JsonObject
                {
                    ["vmSize"] = env.KeyRotation.Worker.VmSize,
                    ["adminUsername"] = env.KeyRotation.Worker.AdminUsername,
                    ["sshPublicKey"] = env.KeyRotation.Worker.SshPublicKey,
                },
            },
            ["adoption"] = new JsonObject
            {
                ["storageInfrastructureEncryption"] = env.Storage.InfrastructureEncryption,
                ["storageAllowSharedKeyAccess"] = env.Storage.AllowSharedKeyAccess,
                ["keyVaultRbacAuthorization"] = env.KeyVault.Authorization == KeyVaultSettings.Rbac,
                ["databricksVnetInjection"] = env.Databricks.VnetInjection,
            },
            ["alerting"] = AlertingValues(env.Alerting),
            ["existingDatabricksHost"] = env.Databricks.Host,
            ["azureDatabricksObjectId"] = env.Databricks.AzureDatabricksObjectId,
            ["lakeLayout"] = new JsonObject
            {
                ["containers"] = Strings(lakehouse.Containers),
                ["deltaTableContainers"] = Strings(lakehouse.DeltaTableContainers),
                ["inventoryContainer"] = lakehouse.Lake.InventoryContainer,
                ["backupContainer"] = lakehouse.Lake.BackupContainer,
            },
            ["qualityGateTaskKeySuffix"] = lakehouse.QualityGate.TaskKeySuffix,
            ["tags"] = new JsonObject(env.Tags.Select(t => new KeyValuePair<string, JsonNode?>(t.Key, t.Value))),
        };
    }

    /// <summary>The severity tiers as templates/infra/types.bicep's alertingType: quiet hours as HH:mm:ss, null when none.</summary>
    private static JsonObject AlertingValues(AlertingSettings alerting) => new()
    {
        ["tiers"] = new JsonArray(alerting.Tiers.Select(t => (JsonNode?)new JsonObject
        {
            ["name"] = t.Name,
            ["severities"] = new JsonArray(t.Severities.Order().Select(s => (JsonNode?)JsonValue.Create(s)).ToArray()),
            ["emails"] = new JsonArray(t.Emails.Select(e => (JsonNode?)JsonValue.Create(e)).ToArray()),
            ["sms"] = new JsonArray(t.Sms.Select(s => (JsonNode?)new JsonObject { ["countryCode"] = s.CountryCode, ["phoneNumber"] = s.PhoneNumber }).ToArray()),
            ["pagingWebhookSecret"] = t.PagingWebhookSecret,
            ["quietHours"] = t.QuietHours is { } q
                ? new JsonObject { ["start"] = q.Start + ":00", ["end"] = q.End + ":00", ["timeZone"] = q.TimeZone }
                : null,
        }).ToArray()),
    };

    /// <summary>
    /// The .bicepparam text for one phase. <paramref name="declaredParameters"/> are the parameter names of the compiled
    /// template; values with a template default that the environment does not set (e.g. the schedule base date) are left
    /// to the template.
    /// </summary>
    public static string Generate(EnvironmentDefinition env, LakehouseDeclaration lakehouse, InfraPhase phase, string usingPath, IEnumerable<string> declaredParameters)
    {
        var all = AllValues(env, lakehouse);
        var declared = declaredParameters.ToHashSet(StringComparer.Ordinal);
        var values = all.Where(v => declared.Contains(v.Key)).ToList();
        return BicepParamWriter.Write(usingPath, values,
            $"Generated from {env.SourceFile} by ProjectScout.Build (phase {phase.Number}: {phase.Title}). Do not edit: change the environment file or templates/lakehouse.yaml.");
    }

    /// <summary>Parameter names a compiled ARM template declares.</summary>
    public static IReadOnlyList<string> DeclaredParameters(string compiledTemplate) =>
        JsonNode.Parse(compiledTemplate)?["parameters"] is JsonObject parameters ? parameters.Select(p => p.Key).ToList() : [];
}
