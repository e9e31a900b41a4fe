using System.Text.Json.Nodes;
using ProjectScout.Model.Databricks;
using ProjectScout.Toolkit.Deployment;
using ProjectScout.Toolkit.Workspace;

namespace ProjectScout.Toolkit.Databricks.Adapters;

/// <summary>A principal as the Permissions API names it: user_name, group_name or service_principal_name, and the name.</summary>
public sealed record Principal(string Field, string Name)
{
    public JsonObject Grant(string level) => new() { [Field] = Name, ["permission_level"] = level };

    public override string ToString() => Field == "group_name" ? "group " + Name : Name;
}

/// <summary>
/// What was changed on a managed job outside the project: it runs as another principal than the declared run_as (the
/// environment's service principal), or, when the job declares none, than its owner (as Databricks sets it), or its direct grants are not the declared
/// ones (governance.yaml objectPermissions.jobs; the owner and the inherited admins aside). Grants set by hand are
/// security drift: shown in the plan and repaired (run_as set back, the grants replaced by the owner's and the declared).
/// A declared grant that is missing while no other declared one is there is not drift: the declaration is new.
/// </summary>
public sealed record JobDrift(JsonObject? RunAs, JsonArray? AccessControlList, IReadOnlyList<string> Kinds, IReadOnlyList<string> Details)
{
    public static readonly JobDrift None = new(null, null, [], []);

    /// <summary>Anything to write: drift, or declared grants the job does not have yet.</summary>
    public bool Any => Kinds.Count > 0 || AccessControlList is not null;

    /// <param name="readPermissions">
    /// False when the job's grants are not read on this plan (<see cref="JobPermissionRotation"/>): only a declared run_as is
    /// compared (the owner, which an undeclared run_as is compared with, is part of the grants).
    /// </param>
    public static async Task<JobDrift> ReadAsync(DatabricksClient client, JsonObject job, BundleJob desired, CancellationToken ct,
        IReadOnlyList<DeclaredGrant>? declared = null, bool readPermissions = true)
    {
        declared ??= [];
        var id = job["job_id"]!.GetValue<long>();
        var direct = readPermissions ? DirectGrants(await client.GetPermissionsAsync("jobs", id.ToString(System.Globalization.CultureInfo.InvariantCulture), ct)) : [];
        var owner = !readPermissions ? null
            : direct.Where(g => g.Level == "IS_OWNER").Select(g => g.Principal).FirstOrDefault()
              ?? (job["creator_user_name"]?.ToString() is { Length: > 0 } creator ? new Principal("user_name", creator) : null);
        var kinds = new List<string>();
        var details = new List<string>();
        JsonObject? runAs = null;
        JsonArray? grants = null;

        if (desired.Settings["run_as"] is JsonObject declaredRunAs)
        {
            var declaredName = (declaredRunAs["service_principal_name"] ?? declaredRunAs["user_name"] ?? declaredRunAs["group_name"])?.ToString();
            if (declaredName is { Length: > 0 } && await RunAsAsync(client, job, id, ct) is { Length: > 0 } runsAs && runsAs != declaredName)
            {
                kinds.Add(DriftKinds.RunAs);
                details.Add($"run_as: {runsAs} → {declaredName} (declared)");
                runAs = (JsonObject)declaredRunAs.DeepClone();
            }
        }
        else if (owner is not null && await RunAsAsync(client, job, id, ct) is { Length: > 0 } runsAs && runsAs != owner.Name)
        {
            kinds.Add(DriftKinds.RunAs);
            details.Add($"run_as: {runsAs} → {owner.Name} (the owner)");
            runAs = new JsonObject { [owner.Field == "service_principal_name" ? "service_principal_name" : "user_name"] = owner.Name };
        }

        var comparison = ObjectAcl.Compare(direct, declared);
        if (owner is not null && comparison.Differs)
        {
            if (comparison.Drifted)
            {
                kinds.Add(DriftKinds.Permissions);
            }

            details.Add(comparison.Detail);
            grants = [owner.Grant("IS_OWNER"), .. declared.Select(g => g.Principal.Grant(g.Level))];
        }

        // Declared grants the job does not have yet are written although they are not drift (the declaration is new).
        return kinds.Count == 0 && grants is null ? None : new JobDrift(runAs, grants, kinds, details);
    }

    /// <summary>Whom the job runs as: run_as_user_name (jobs/get; in the list where the service sends it), else settings.run_as.</summary>
    private static async Task<string?> RunAsAsync(DatabricksClient client, JsonObject job, long id, CancellationToken ct)
    {
        if (Named(job) is { } listed)
        {
            return listed;
        }

        return await client.GetJobAsync(id, ct) is { } full ? Named(full) : null;

        static string? Named(JsonObject job) =>
            job["run_as_user_name"]?.ToString() is { Length: > 0 } name ? name
            : job["settings"]?["run_as"] is JsonObject runAs ? (runAs["service_principal_name"] ?? runAs["user_name"] ?? runAs["group_name"])?.ToString()
            : null;
    }

    /// <summary>The grants set on the object itself (not inherited from the workspace's jobs or folders).</summary>
    internal static List<(Principal Principal, string Level)> DirectGrants(JsonObject? permissions)
    {
        var grants = new List<(Principal, string)>();
        foreach (var entry in (permissions?["access_control_list"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var field = new[] { "user_name", "group_name", "service_principal_name" }.FirstOrDefault(f => entry[f] is not null);
            if (field is null)
            {
                continue;
            }

            foreach (var permission in (entry["all_permissions"] as JsonArray ?? []).OfType<JsonObject>())
            {
                if (permission["inherited"]?.GetValue<bool>() != true && permission["permission_level"]?.ToString() is { } level)
                {
                    grants.Add((new Principal(field, entry[field]!.ToString()), level));
                }
            }
        }

        return grants.OrderBy(g => g.Item1.ToString(), StringComparer.Ordinal).ThenBy(g => g.Item2, StringComparer.Ordinal).ToList();
    }
}
