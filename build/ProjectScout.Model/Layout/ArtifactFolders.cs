namespace ProjectScout.Model.Layout;

/// <summary>Folder names shared by the toolkit's layout and the standalone sandbox (which has no layout of its own).</summary>
public static class ArtifactFolders
{
    /// <summary>The artifacts folder, relative to the repository root (cake.config may move it).</summary>
    public const string Artifacts = "artifacts";

    /// <summary>The sandbox's persisted "Azure" and workspace, relative to the artifacts folder.</summary>
    public const string SandboxState = "sandbox/state";
}
