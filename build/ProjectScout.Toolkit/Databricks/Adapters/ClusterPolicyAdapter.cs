using System.Text.Json.Nodes;
using ProjectScout.Model.Databricks;
using ProjectScout.Toolkit.Deployment;
using ProjectScout.Toolkit.Workspace;

namespace ProjectScout.Toolkit.Databricks.Adapters;

/// <summary>One policy's step: the desired policy and its live id (null for a create).</summary>
public sealed record PolicyStep(BundlePolicy Desired, string? PolicyId, ChangeAction Action, string Detail)
{
    /// <summary>An update's differing values, old (live) → new (bundle).</summary>
    public IReadOnlyList<AttributeChange> Attributes { get; init; } = [];
}

public sealed record ClusterPolicyPlan(IReadOnlyList<PolicyStep> Steps, IReadOnlyList<PlanChange> Changes) : IAdapterPlan;

/// <summary>Cluster policies, found by name (unique in a workspace), compared by description and normalised definition.</summary>
public sealed class ClusterPolicyAdapter : WorkspaceAdapter<ClusterPolicyPlan>
{
    public override string Kind => "cluster-policy";

    public override ClusterPolicyPlan PlanForNewWorkspace(WorkspaceDesired desired) =>
        Plan(desired.Bundle.Policies.Select(p => new PolicyStep(p, null, ChangeAction.Create, NotDeployedYet)));

    public override async Task<ClusterPolicyPlan> PlanAsync(WorkspaceDesired desired, WorkspaceReads live, CancellationToken ct)
    {
        var byName = LiveByName(await live.PoliciesAsync());
        var steps = new List<PolicyStep>();
        foreach (var policy in desired.Bundle.Policies)
        {
            if (!byName.TryGetValue(policy.Name, out var found))
            {
                steps.Add(new PolicyStep(policy, null, ChangeAction.Create, ""));
                continue;
            }

            var differences = new List<string>();
            var attributes = new List<AttributeChange>();
            if ((found["description"]?.ToString() ?? "") != policy.Description)
            {
                differences.Add("description");
                attributes.Add(AttributeChange.From("description", found["description"], JsonValue.Create(policy.Description)));
            }

            var liveDefinition = found["definition"] is JsonValue v && v.TryGetValue<string>(out var text) ? JsonNode.Parse(text) : found["definition"];
            if (!JsonNormalizer.SameMeaning(liveDefinition, policy.Definition))
            {
                differences.Add("definition");
                attributes.AddRange(JsonNormalizer.Differences(new JsonObject { ["definition"] = policy.Definition.DeepClone() }, new JsonObject { ["definition"] = liveDefinition?.DeepClone() }));
            }

            steps.Add(new PolicyStep(policy, found["policy_id"]?.ToString(), differences.Count == 0 ? ChangeAction.NoChange : ChangeAction.Update, string.Join(", ", differences))
            {
                Attributes = attributes,
            });
        }

        return Plan(steps);
    }

    /// <summary>live policy id → the bundle's placeholder for it, for the policies the bundle declares (jobs compare through it).</summary>
    public static async Task<IReadOnlyDictionary<string, string>> PlaceholdersByIdAsync(WorkspaceBundle bundle, WorkspaceReads live)
    {
        var byName = LiveByName(await live.PoliciesAsync());
        return bundle.Policies
            .Where(p => byName.ContainsKey(p.Name) && byName[p.Name]["policy_id"] is not null)
            .ToDictionary(p => byName[p.Name]["policy_id"]!.ToString(), p => p.Placeholder, StringComparer.Ordinal);
    }

    public override async Task ApplyAsync(ClusterPolicyPlan plan, WorkspaceApply apply, CancellationToken ct)
    {
        foreach (var step in plan.Steps.Where(p => p.PolicyId is not null))
        {
            apply.PolicyIds[step.Desired.Placeholder] = step.PolicyId!;
        }

        var client = apply.Client;
        await Parallel.ForEachAsync(plan.Steps.Where(p => p.Action is ChangeAction.Create or ChangeAction.Update), apply.Parallel(ct), async (step, token) =>
            await apply.GuardAsync("cluster policy " + step.Desired.Name, async () =>
            {
                var desired = step.Desired;
                if (step.Action == ChangeAction.Update)
                {
                    await client.EditPolicyAsync(step.PolicyId!, desired.Name, desired.DefinitionJson, desired.Description, token);
                    return;
                }

                try
                {
                    apply.PolicyIds[desired.Placeholder] = await client.CreatePolicyAsync(desired.Name, desired.DefinitionJson, desired.Description, token);
                }
                catch (Exception ex) when (ex is DatabricksTransportException or DatabricksApiException { Status: >= 500 } or DatabricksApiException { ErrorCode: "RESOURCE_ALREADY_EXISTS" or "INVALID_PARAMETER_VALUE" })
                {
                    // The name is unique: a create that went through before the connection dropped is found by name.
                    var existing = (await client.ListPoliciesAsync(token)).FirstOrDefault(p => p["name"]?.ToString() == desired.Name);
                    if (existing is null)
                    {
                        throw;
                    }

                    apply.PolicyIds[desired.Placeholder] = existing["policy_id"]!.ToString();
                    await client.EditPolicyAsync(apply.PolicyIds[desired.Placeholder], desired.Name, desired.DefinitionJson, desired.Description, token);
                }
            }));
    }

    private ClusterPolicyPlan Plan(IEnumerable<PolicyStep> steps)
    {
        var ordered = steps.OrderBy(p => p.Desired.Name, StringComparer.Ordinal).ToList();
        return new ClusterPolicyPlan(ordered, ordered.Select(p => Change(p.Desired.Name, p.Action, p.Detail) with { Attributes = p.Attributes }).ToList());
    }

    private static Dictionary<string, JsonObject> LiveByName(IReadOnlyList<JsonObject> policies) =>
        policies.GroupBy(p => p["name"]?.ToString() ?? "").ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
}
