namespace ProjectScout.Toolkit.Environments;

/// <summary>
/// The sandbox's persisted state folder, handled as the sandbox handles it. The toolkit does not reference the sandbox
/// (it depends on the model only), so whoever hosts the sandbox implements this over it.
/// </summary>
public interface ISandboxState
{
    /// <summary>The seeds the sandbox carries, sorted.</summary>
    IReadOnlyList<string> SeedNames { get; }

    /// <summary>The process id of a standalone sandbox running on <paramref name="stateDirectory"/>, else null.</summary>
    int? RunningProcess(string stateDirectory);

    /// <summary>Deletes the state files in <paramref name="stateDirectory"/>; returns the paths deleted.</summary>
    IReadOnlyList<string> Reset(string stateDirectory);

    /// <summary>Writes seed <paramref name="name"/>'s resources into the (reset) state under the subscription and tenant; returns the ids written.</summary>
    IReadOnlyList<string> Seed(string stateDirectory, string name, string subscriptionId, string tenantId);
}
