using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using ProjectScout.Model.Azure;

namespace ProjectScout.Sandbox.Arm;

internal sealed partial class ArmStore
{
    /// <summary>
    /// Deployment Operations - List: one Create operation per resource the deployment wrote, once it has written them
    /// (the sandbox writes a deployment's resources together, so a running deployment has none yet).
    /// </summary>
    public JsonObject ListDeploymentOperations(string subscription, string resourceGroup, string name)
    {
        lock (_gate)
        {
            var record = FindDeployment(subscription, resourceGroup, name);
            var deployment = DeploymentId(record.SubscriptionId, record.ResourceGroup, record.Name);
            var done = record.ProvisioningState == "Succeeded" ? record.OutputResources : [];
            var timestamp = (record.Timestamp + record.Duration).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
            return new JsonObject
            {
                ["value"] = new JsonArray(done.Select(id =>
                {
                    var operationId = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(deployment + "\n" + id)))[..16];
                    var (type, name) = ResourceId.TryParse(id, out var resource)
                        ? (resource.Type, string.Join("/", resource.Names))
                        : (UnresolvedType(id), id); // an id the evaluation left as an expression: its resourceId('…', '…', 'Type', …)
                    return (JsonNode)new JsonObject
                    {
                        ["id"] = $"{deployment}/operations/{operationId}",
                        ["operationId"] = operationId,
                        ["properties"] = new JsonObject
                        {
                            ["provisioningOperation"] = "Create",
                            ["provisioningState"] = "Succeeded",
                            ["timestamp"] = timestamp,
                            ["duration"] = System.Xml.XmlConvert.ToString(record.Duration),
                            ["statusCode"] = "OK",
                            ["targetResource"] = new JsonObject
                            {
                                ["id"] = id,
                                ["resourceType"] = type,
                                ["resourceName"] = name,
                            },
                        },
                    };
                }).ToArray()),
            };
        }
    }

    private static string UnresolvedType(string expression) =>
        System.Text.RegularExpressions.Regex.Matches(expression, "'([A-Za-z]+\\.[A-Za-z.]+/[^']+)'").Select(m => m.Groups[1].Value).FirstOrDefault() ?? "";
}
