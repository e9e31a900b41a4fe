namespace ProjectScout.Model.Environments;

/// <summary>
/// The environment's principals for the roles templates/governance.yaml declares: one account group per group role,
/// and the service principal every job runs as (the pipeline role).
/// </summary>
public sealed class PrincipalSettings
{
    /// <summary>role → account group name (e.g. analysts → juicer-analysts-dev).</summary>
    public SortedDictionary<string, string> Groups { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Application (client) id of the run-as service principal: its Unity Catalog and ACL principal name.</summary>
    public string RunAsApplicationId { get; set; } = "";
}
