using System.Text.Json;
using System.Text.Json.Nodes;

namespace ProjectScout.Sandbox.Hosting;

/// <summary>
/// The JSON type of the request fields the services parse strictly. A body whose field has another type is refused
/// before any handler reads it, as the services do: Databricks 400 MALFORMED_REQUEST "Could not parse request object: …",
/// ARM 400 InvalidRequestContent "The request content was invalid and could not be deserialized: …". The prefixes are
/// the services' (Databricks: Terraform provider and Data Factory troubleshooting notes; ARM: deployment error
/// reference and the RP's CloudErrorCodeInvalidRequestContent text); what follows them, naming the field, is our wording.
/// </summary>
internal static class RequestFieldKinds
{
    /// <summary>
    /// Databricks fields by name, checked at any depth: each name has one type across the Jobs, Workspace, Permissions,
    /// Unity Catalog and SQL APIs. Map-valued fields (user keys) are not descended into.
    /// </summary>
    private static readonly Dictionary<string, JsonValueKind> Databricks = new(StringComparer.Ordinal)
    {
        // numbers
        ["max_concurrent_runs"] = JsonValueKind.Number,
        ["timeout_seconds"] = JsonValueKind.Number,
        ["max_retries"] = JsonValueKind.Number,
        ["min_retry_interval_millis"] = JsonValueKind.Number,
        ["num_workers"] = JsonValueKind.Number,
        ["min_workers"] = JsonValueKind.Number,
        ["max_workers"] = JsonValueKind.Number,
        ["autotermination_minutes"] = JsonValueKind.Number,
        ["auto_stop_mins"] = JsonValueKind.Number,
        ["min_num_clusters"] = JsonValueKind.Number,
        ["max_num_clusters"] = JsonValueKind.Number,

        // strings
        ["name"] = JsonValueKind.String,
        ["description"] = JsonValueKind.String,
        ["task_key"] = JsonValueKind.String,
        ["job_cluster_key"] = JsonValueKind.String,
        ["notebook_path"] = JsonValueKind.String,
        ["run_if"] = JsonValueKind.String,
        ["spark_version"] = JsonValueKind.String,
        ["node_type_id"] = JsonValueKind.String,
        ["policy_id"] = JsonValueKind.String,
        ["quartz_cron_expression"] = JsonValueKind.String,
        ["timezone_id"] = JsonValueKind.String,
        ["pause_status"] = JsonValueKind.String,
        ["idempotency_token"] = JsonValueKind.String,
        ["path"] = JsonValueKind.String,
        ["content"] = JsonValueKind.String,
        ["language"] = JsonValueKind.String,
        ["format"] = JsonValueKind.String,
        ["user_name"] = JsonValueKind.String,
        ["group_name"] = JsonValueKind.String,
        ["service_principal_name"] = JsonValueKind.String,
        ["permission_level"] = JsonValueKind.String,
        ["principal"] = JsonValueKind.String,
        ["comment"] = JsonValueKind.String,
        ["owner"] = JsonValueKind.String,
        ["catalog_name"] = JsonValueKind.String,
        ["schema_name"] = JsonValueKind.String,
        ["storage_root"] = JsonValueKind.String,
        ["url"] = JsonValueKind.String,
        ["credential_name"] = JsonValueKind.String,
        ["statement"] = JsonValueKind.String,
        ["warehouse_id"] = JsonValueKind.String,
        ["wait_timeout"] = JsonValueKind.String,
        ["on_wait_timeout"] = JsonValueKind.String,
        ["disposition"] = JsonValueKind.String,
        ["cluster_size"] = JsonValueKind.String,
        ["warehouse_type"] = JsonValueKind.String,
        ["serialized_dashboard"] = JsonValueKind.String,
        ["display_name"] = JsonValueKind.String,
        ["parent_path"] = JsonValueKind.String,

        // booleans
        ["enabled"] = JsonValueKind.True,
        ["overwrite"] = JsonValueKind.True,
        ["recursive"] = JsonValueKind.True,
        ["retry_on_timeout"] = JsonValueKind.True,
        ["read_only"] = JsonValueKind.True,
        ["skip_validation"] = JsonValueKind.True,
        ["no_alert_for_skipped_runs"] = JsonValueKind.True,
        ["no_alert_for_canceled_runs"] = JsonValueKind.True,

        // objects
        ["new_settings"] = JsonValueKind.Object,
        ["queue"] = JsonValueKind.Object,
        ["schedule"] = JsonValueKind.Object,
        ["continuous"] = JsonValueKind.Object,
        ["trigger"] = JsonValueKind.Object,
        ["run_as"] = JsonValueKind.Object,
        ["health"] = JsonValueKind.Object,
        ["notebook_task"] = JsonValueKind.Object,
        ["new_cluster"] = JsonValueKind.Object,
        ["autoscale"] = JsonValueKind.Object,
        ["email_notifications"] = JsonValueKind.Object,
        ["webhook_notifications"] = JsonValueKind.Object,
        ["notification_settings"] = JsonValueKind.Object,
        ["git_source"] = JsonValueKind.Object,
        ["deployment"] = JsonValueKind.Object,
        ["base_parameters"] = JsonValueKind.Object,
        ["job_parameters"] = JsonValueKind.Object,
        ["spark_conf"] = JsonValueKind.Object,
        ["spark_env_vars"] = JsonValueKind.Object,
        ["custom_tags"] = JsonValueKind.Object,
        ["tags"] = JsonValueKind.Object,

        // arrays
        ["tasks"] = JsonValueKind.Array,
        ["job_clusters"] = JsonValueKind.Array,
        ["depends_on"] = JsonValueKind.Array,
        ["libraries"] = JsonValueKind.Array,
        ["environments"] = JsonValueKind.Array,
        ["access_control_list"] = JsonValueKind.Array,
        ["changes"] = JsonValueKind.Array,
        ["add"] = JsonValueKind.Array,
        ["remove"] = JsonValueKind.Array,
        ["fields_to_remove"] = JsonValueKind.Array,
    };

    /// <summary>Fields whose value is a map of user keys: their keys are not field names.</summary>
    private static readonly HashSet<string> Maps = new(StringComparer.Ordinal)
    {
        "base_parameters", "job_parameters", "spark_conf", "spark_env_vars", "custom_tags", "tags", "properties", "options",
    };

    /// <summary>ARM's resource envelope, checked at the top level only (template bodies hold expressions as strings anywhere).</summary>
    private static readonly Dictionary<string, JsonValueKind> Arm = new(StringComparer.Ordinal)
    {
        ["location"] = JsonValueKind.String,
        ["kind"] = JsonValueKind.String,
        ["managedBy"] = JsonValueKind.String,
        ["tags"] = JsonValueKind.Object,
        ["properties"] = JsonValueKind.Object,
        ["sku"] = JsonValueKind.Object,
        ["identity"] = JsonValueKind.Object,
        ["plan"] = JsonValueKind.Object,
        ["zones"] = JsonValueKind.Array,
    };

    /// <summary>Throws the service's malformed-request error for the first field (document order) of the wrong type.</summary>
    public static void Check(SandboxService service, JsonObject body)
    {
        if (service == SandboxService.Arm)
        {
            foreach (var (name, value) in body)
            {
                Expect(service, Arm, name, value);
            }

            return;
        }

        Walk(body);
    }

    /// <summary>The error for a value the handler could not convert (the field is unknown there: no path).</summary>
    public static SandboxApiException Unconvertible(SandboxService service, Exception ex) =>
        Malformed(service, $"a value has the wrong JSON type ({ex.Message})");

    private static void Walk(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, value) in obj)
                {
                    Expect(SandboxService.Databricks, Databricks, name, value);
                    if (!Maps.Contains(name))
                    {
                        Walk(value);
                    }
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    Walk(item);
                }

                break;
        }
    }

    private static void Expect(SandboxService service, Dictionary<string, JsonValueKind> kinds, string name, JsonNode? value)
    {
        if (value is null || !kinds.TryGetValue(name, out var expected))
        {
            return;
        }

        var actual = value.GetValueKind();
        if (actual == expected || (expected == JsonValueKind.True && actual == JsonValueKind.False))
        {
            return;
        }

        var path = value.GetPath().TrimStart('$').TrimStart('.');
        throw Malformed(service, $"Expected {Describe(expected)} for field '{path}', got {Describe(actual)}.");
    }

    private static SandboxApiException Malformed(SandboxService service, string detail) =>
        HttpJson.Malformed(service, service == SandboxService.Arm
            ? $"The request content was invalid and could not be deserialized: '{detail}'"
            : $"Could not parse request object: {detail}");

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Number => "a number",
        JsonValueKind.String => "a string",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        _ => "null",
    };
}
