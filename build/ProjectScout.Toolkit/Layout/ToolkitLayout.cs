using ProjectScout.Model.Layout;

namespace ProjectScout.Toolkit.Layout;

/// <summary>
/// Every path the toolkit reads or writes, derived from one root and the relative paths in cake.config.
/// Tasks and services never hold cwd-relative literals.
/// </summary>
public sealed record ToolkitLayout
{
    public const string DefaultEnvironment = "sandbox";

    public required string Root { get; init; }
    public string ArtifactsRelative { get; init; } = ProjectScout.Model.Layout.ArtifactFolders.Artifacts;
    public string EnvironmentsRelative { get; init; } = "templates/environments";
    public string InfraRelative { get; init; } = "templates/infra";
    public string ContractsRelative { get; init; } = "templates/contracts";
    public string JobsRelative { get; init; } = "templates/jobs";
    public string NotebooksRelative { get; init; } = "notebooks";
    public string DocsRelative { get; init; } = "docs";
    public string LakehouseRelative { get; init; } = "templates/lakehouse.yaml";

    public string GovernanceRelative { get; init; } = "templates/governance.yaml";

    public string Artifacts => Full(ArtifactsRelative);
    public string Environments => Full(EnvironmentsRelative);
    public string Infra => Full(InfraRelative);
    public string Contracts => Full(ContractsRelative);
    public string Jobs => Full(JobsRelative);
    public string Notebooks => Full(NotebooksRelative);
    public string Docs => Full(DocsRelative);
    public string Lakehouse => Full(LakehouseRelative);

    public string Governance => Full(GovernanceRelative);
    public string Reports => Path.Combine(Artifacts, "reports");
    public string Release => Path.Combine(Artifacts, "release");
    public string Cache => Path.Combine(Artifacts, ".cache");

    /// <summary>Files shared by every environment's documents (the mermaid script), once per artifact tree and release.</summary>
    public string Assets => Path.Combine(Artifacts, ProjectScout.Toolkit.Release.ReleaseBundle.AssetsFolder);

    /// <summary>Downloads that outlive <c>Clean</c> (the pinned mermaid script): see <see cref="UserCacheFrom"/>.</summary>
    public string UserCache { get; init; } = UserCacheFrom(Environment.GetEnvironmentVariable);

    /// <summary>The sandbox's persisted "Azure" and workspace: Clean keeps it, SandboxReset clears it.</summary>
    public string SandboxState => Path.Combine(Artifacts, ProjectScout.Model.Layout.ArtifactFolders.SandboxState);

    /// <summary>The artifact tree of one environment (artifacts/&lt;env&gt;/...).</summary>
    public EnvironmentArtifacts For(string environment) => new(Path.Combine(Artifacts, environment));

    public string Full(string relative) => Path.GetFullPath(Path.Combine(Root, relative));

    /// <summary>A path shown to users: relative to the root, with forward slashes.</summary>
    public string Display(string path)
    {
        var relative = Path.GetRelativePath(Root, path);
        return relative.StartsWith("..", StringComparison.Ordinal) ? path : relative.Replace('\\', '/');
    }

    /// <summary>
    /// The user cache directory, as the XDG base directory specification puts it: $XDG_CACHE_HOME/projectscout when set,
    /// else %LOCALAPPDATA%\projectscout on Windows, else ~/.cache/projectscout.
    /// </summary>
    public static string UserCacheFrom(Func<string, string?> variable)
    {
        var xdg = variable("XDG_CACHE_HOME");
        if (!string.IsNullOrEmpty(xdg) && Path.IsPathRooted(xdg))
        {
            return Path.Combine(xdg, "projectscout");
        }

        var localAppData = OperatingSystem.IsWindows() ? variable("LOCALAPPDATA") : null;
        return !string.IsNullOrEmpty(localAppData)
            ? Path.Combine(localAppData, "projectscout")
            : Path.Combine(variable("HOME") is { Length: > 0 } home ? home : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "projectscout");
    }

    /// <summary>Walks up from <paramref name="start"/> to the folder that holds the solution, as GitVersion's UseRootDirectory does.</summary>
    public static string FindRoot(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ProjectScout.Build.sln")))
            {
                return dir.FullName;
            }
        }

        throw new Model.Diagnostics.ToolkitException($"Could not find ProjectScout.Build.sln above '{start}'. Run the toolkit from inside the repository.");
    }
}

/// <summary>artifacts/&lt;env&gt;/ and its sub-folders (see docs/architecture.md).</summary>
public sealed record EnvironmentArtifacts(string Root)
{
    public string Infra => Path.Combine(Root, "infra");

    /// <summary>The runbook text the deployer publishes (copied from templates/infra/runbooks by the infra build).</summary>
    public string Runbooks => Path.Combine(Infra, "runbooks");
    public string Snapshots => Path.Combine(Root, "snapshots");
    public string Notebooks => Path.Combine(Root, "notebooks");
    public string Jobs => Path.Combine(Root, "jobs");
    public string Policies => Path.Combine(Root, "policies");

    /// <summary>The Unity Catalog objects the environment's workspace must hold (rendered with the workspace, read by the deploy).</summary>
    public string UnityCatalog => Path.Combine(Root, "unity-catalog.json");
    public string Plan => Path.Combine(Root, "plan");
    public string Docs => Path.Combine(Root, "docs");
}
