using System.Text;
using System.Text.Json.Nodes;
using ProjectScout.Model.Azure;

namespace ProjectScout.Toolkit.Docs;

/// <summary>
/// The architecture document's Mermaid diagram, drawn from the model only: the network (VNet, subnets, private endpoints),
/// the Databricks workspace with its job clusters and the medallion layers and gates, storage, Key Vault and monitoring.
/// Top to bottom with short labels, so it stays readable at page width (a left-to-right chain of every part shrank its
/// labels to ~7 px); names and counts only, the tables below hold the details.
/// </summary>
public static class ArchitectureDiagram
{
    private static readonly string VirtualNetworks = AzureResourceTypes.VirtualNetworks.Name;
    private static readonly string DatabricksWorkspaces = AzureResourceTypes.DatabricksWorkspaces.Name;
    private static readonly string BlobContainers = AzureResourceTypes.BlobContainers.Name;

    public static string Render(LakehouseModel model, IReadOnlyList<LayerFacts> layers)
    {
        var m = new StringBuilder("flowchart TB\n");
        // Edges into the storage and secrets group are written after it: Mermaid places a node where it first appears.
        var exposes = new List<string>();
        Network(m, model, exposes);
        Workspace(m, model, layers);
        Data(m, model);
        exposes.ForEach(edge => m.Append(edge));
        Monitoring(m, model);
        return m.ToString();
    }

    private static void Network(StringBuilder m, LakehouseModel model, List<string> exposes)
    {
        foreach (var vnet in model.OfType(VirtualNetworks))
        {
            var space = string.Join(", ", (vnet.Get("properties.addressSpace.addressPrefixes") as JsonArray ?? []).Select(LayerFacts.Text));
            m.Append($"  subgraph {Id("vnet", vnet.Name)}[\"VNet {Label(vnet.Name)} · {Label(space)}\"]\n");
            foreach (var subnet in (vnet.Get("properties.subnets") as JsonArray ?? []).OfType<JsonObject>())
            {
                var name = LayerFacts.Text(subnet["name"]);
                m.Append($"    {Id("subnet", name)}[\"subnet {Label(Short(name, vnet.Name))}<br/>{Label(LayerFacts.Text(subnet["properties"]?["addressPrefix"]))}\"]\n");
            }

            m.Append("  end\n");
        }

        // Private endpoints, one node per target resource: subnet → endpoint → what it exposes.
        foreach (var target in model.OfType(LakehouseChecks.PrivateEndpoints)
                     .Select(pe => (Endpoint: pe, Connection: (pe.Get("properties.privateLinkServiceConnections") as JsonArray ?? []).OfType<JsonObject>().FirstOrDefault()))
                     .Where(p => p.Connection is not null)
                     .GroupBy(p => LastSegment(LayerFacts.Text(p.Connection!["properties"]?["privateLinkServiceId"])))
                     .OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var groups = target.SelectMany(p => (p.Connection!["properties"]?["groupIds"] as JsonArray ?? []).Select(LayerFacts.Text)).Distinct().Order(StringComparer.Ordinal);
            var node = Id("pe", target.Key);
            m.Append($"  {node}{{{{\"private endpoint{(target.Count() > 1 ? "s" : "")}<br/>{Label(string.Join(", ", groups))}\"}}}}\n");
            foreach (var subnet in target.Select(p => LastSegment(LayerFacts.Text(p.Endpoint.Get("properties.subnet.id")))).Where(s => s.Length > 0).Distinct())
            {
                m.Append($"  {Id("subnet", subnet)} --- {node}\n");
            }

            if (model.Resources.Any(r => r.Name == target.Key && (r.Type == LakehouseChecks.StorageAccounts || r.Type == LakehouseChecks.KeyVaults)))
            {
                exposes.Add($"  {node} --> {Id("res", target.Key)}\n");
            }
        }
    }

    private static void Workspace(StringBuilder m, LakehouseModel model, IReadOnlyList<LayerFacts> layers)
    {
        var workspace = model.OfType(DatabricksWorkspaces).FirstOrDefault();
        m.Append(workspace is null
            ? "  subgraph dbw[\"Databricks (no workspace in the snapshots)\"]\n"
            : $"  subgraph dbw[\"Databricks workspace {Label(workspace.Name)}\"]\n");
        m.Append($"    subgraph medallion[\"Medallion layers · catalog {Label(model.Environment.Databricks.Catalog)}\"]\n");
        string? previous = null;
        foreach (var layer in layers.Where(l => l.Tables.Count > 0))
        {
            m.Append($"      {layer.Layer}[\"{Title(layer.Layer)}<br/>{layer.Tables.Count} table{(layer.Tables.Count == 1 ? "" : "s")}\"]\n");
            if (previous is not null)
            {
                m.Append($"      {previous} --> {layer.Layer}\n");
            }

            previous = layer.Layer;
            // A gate is drawn only where a job runs the layer's quality notebook; its rules come from the contracts.
            if (layer.GateTasks.Count > 0)
            {
                m.Append($"      {layer.Layer} --> {layer.Layer}_gate{{{{\"{layer.Layer} gate<br/>{layer.ErrorRules} blocking rules\"}}}}\n");
                previous = layer.Layer + "_gate";
            }
        }

        m.Append("    end\n");
        var clusters = LayerFacts.Clusters(model.Jobs).GroupBy(c => c.Key).ToList();
        if (clusters.Count > 0)
        {
            m.Append("    subgraph compute[\"Job clusters\"]\n");
            foreach (var cluster in clusters)
            {
                var c = cluster.First();
                m.Append($"      c_{Id(c.Key)}[\"{Label(c.Key)}<br/>{Label(c.NodeType)}, {Label(c.Autoscale)}\"]\n");
            }

            m.Append("    end\n");
        }

        m.Append("  end\n");
        foreach (var layer in layers.Where(l => l.Tables.Count > 0))
        {
            foreach (var key in layer.Compute.Select(c => c.Key).Distinct())
            {
                m.Append($"  c_{Id(key)} -.-> {layer.Layer}\n");
            }
        }

        // The workspace's VNet injection, as its parameters name the subnets.
        foreach (var parameter in new[] { "customPublicSubnetName", "customPrivateSubnetName" })
        {
            var subnet = workspace is null ? "" : LayerFacts.Text(workspace.Get($"properties.parameters.{parameter}.value"));
            if (subnet.Length > 0)
            {
                m.Append($"  dbw -.- {Id("subnet", subnet)}\n");
            }
        }
    }

    private static void Data(StringBuilder m, LakehouseModel model)
    {
        var stores = model.OfType(LakehouseChecks.StorageAccounts).Concat(model.OfType(LakehouseChecks.KeyVaults)).ToList();
        if (stores.Count == 0)
        {
            return;
        }

        m.Append("  subgraph data[\"Storage and secrets\"]\n");
        foreach (var store in stores)
        {
            var containers = model.OfType(BlobContainers).Where(c => c.Name.StartsWith(store.Name + "/", StringComparison.Ordinal)).Select(c => LastSegment(c.Name)).ToList();
            var kind = store.Type == LakehouseChecks.KeyVaults ? "Key Vault" : "storage";
            // Three containers a line keeps the node narrow.
            var detail = string.Concat(containers.Chunk(3).Select(line => "<br/>" + Label(string.Join(", ", line))));
            m.Append($"    {Id("res", store.Name)}[(\"{kind} {Label(store.Name)}{detail}\")]\n");
        }

        m.Append("  end\n");
        // The layers live in the storage account whose containers carry their names.
        foreach (var store in stores.Where(s => model.OfType(BlobContainers).Any(c => c.Name.StartsWith(s.Name + "/", StringComparison.Ordinal)
                     && model.Lakehouse.LayerNames.Contains(LastSegment(c.Name)))))
        {
            m.Append($"  medallion -.-> {Id("res", store.Name)}\n");
        }
    }

    private static void Monitoring(StringBuilder m, LakehouseModel model)
    {
        var monitoring = new[] { LakehouseChecks.LogAnalytics, LakehouseChecks.ActionGroups, LakehouseChecks.MetricAlerts, LakehouseChecks.ScheduledQueryRules, LakehouseChecks.DiagnosticSettings }
            .Select(t => (Type: t, Resources: model.OfType(t).ToList())).Where(t => t.Resources.Count > 0).ToList();
        if (monitoring.Count == 0)
        {
            return;
        }

        m.Append("  subgraph monitoring[\"Monitoring\"]\n");
        foreach (var (type, resources) in monitoring)
        {
            var what = type.Split('/').Last();
            m.Append($"    m_{Id(what)}[\"{what}<br/>{(resources.Count == 1 ? Label(resources[0].Name) : $"{resources.Count} resources")}\"]\n");
        }

        m.Append("  end\n");
        // Edges only where the snapshot's properties reference the target: diagnostic settings with a workspaceId, alerts with actions.
        var present = monitoring.Select(t => t.Type).ToHashSet(StringComparer.Ordinal);
        if (present.Contains(LakehouseChecks.LogAnalytics) && model.OfType(LakehouseChecks.DiagnosticSettings).Any(r => r.Get("properties.workspaceId") is not null))
        {
            m.Append("  m_diagnosticSettings -.-> m_workspaces\n");
        }

        // Alerts reach the tiers' action groups through alert processing rules keyed on severity (or directly).
        var routedBySeverity = model.OfType(ProjectScout.Model.Azure.AzureResourceTypes.ActionRules.Name).Any();
        foreach (var alert in new[] { LakehouseChecks.MetricAlerts, LakehouseChecks.ScheduledQueryRules })
        {
            if (present.Contains(LakehouseChecks.ActionGroups) && model.OfType(alert).Any(r =>
                    r.Get("properties.actions") is JsonArray { Count: > 0 } || r.Get("properties.actions.actionGroups") is JsonArray { Count: > 0 }))
            {
                m.Append($"  m_{alert.Split('/').Last()} --> m_actionGroups\n");
            }
            else if (present.Contains(LakehouseChecks.ActionGroups) && routedBySeverity && model.OfType(alert).Any())
            {
                m.Append($"  m_{alert.Split('/').Last()} -->|by severity| m_actionGroups\n");
            }
        }
    }

    /// <summary>A subnet name without its VNet's prefix (juicer-vnet-sbx-databricks-host → databricks-host).</summary>
    private static string Short(string name, string prefix) =>
        name.StartsWith(prefix + "-", StringComparison.Ordinal) ? name[(prefix.Length + 1)..] : name;

    private static string LastSegment(string idOrName) => idOrName.Split('/').Last();

    private static string Title(string layer) => char.ToUpperInvariant(layer[0]) + layer[1..];

    private static string Id(string kind, string name) => kind + "_" + Id(name);

    private static string Id(string text) => new(text.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_').ToArray());

    private static string Label(string text) => text.Replace("\"", "#quot;");
}
