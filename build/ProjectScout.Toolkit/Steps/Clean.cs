namespace ProjectScout.Toolkit.Steps;

/// <summary>
/// Deletes everything the toolkit generated (artifacts/) except the sandbox's persisted state: it stands in for a
/// cloud, and cleaning build output must not wipe "Azure" (SandboxReset clears it). Needs no environment.
/// </summary>
public sealed class Clean : IStep
{
    public string Name => nameof(Clean);

    public string Reads => "layout (artifacts/)";

    public string Updates => "artifacts/ (deleted, but artifacts/sandbox/state)";

    public Task ApplyAsync(BuildState state, CancellationToken cancellationToken = default)
    {
        var layout = state.Layout;
        if (!Directory.Exists(layout.Artifacts))
        {
            state.Log.Information($"Nothing to clean: {layout.Display(layout.Artifacts)} does not exist.");
            return Task.CompletedTask;
        }

        var kept = layout.SandboxState;
        foreach (var entry in Directory.EnumerateFileSystemEntries(layout.Artifacts, "*", SearchOption.TopDirectoryOnly).Order(StringComparer.Ordinal))
        {
            if (Directory.Exists(entry) && kept.StartsWith(entry + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                foreach (var inner in Directory.EnumerateFileSystemEntries(entry).Where(e => e != kept).Order(StringComparer.Ordinal))
                {
                    Delete(state, inner);
                }

                continue;
            }

            Delete(state, entry);
        }

        return Task.CompletedTask;
    }

    private static void Delete(BuildState state, string path)
    {
        if (Directory.Exists(path))
        {
            foreach (var file in Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories))
            {
                File.SetAttributes(file, FileAttributes.Normal); // read-only files too, as a forced delete
            }

            Directory.Delete(path, recursive: true);
        }
        else
        {
            File.Delete(path);
        }

        state.Log.Verbose($"Deleted {state.Layout.Display(path)}");
    }
}
