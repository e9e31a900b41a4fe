using System.Collections.Concurrent;
using ProjectScout.Model.Databricks;
using ProjectScout.Toolkit.Deployment;
using ProjectScout.Toolkit.Workspace;

namespace ProjectScout.Toolkit.Databricks.Adapters;

/// <summary>One notebook's step: the desired side (null for a delete) and its workspace path.</summary>
public sealed record NotebookStep(BundleNotebook? Desired, string Path, ChangeAction Action, string Detail)
{
    /// <summary><see cref="DriftKinds.Unowned"/> for a notebook the project did not render.</summary>
    public string Drift { get; init; } = "";

    /// <summary>An update's content hashes, live → bundle.</summary>
    public IReadOnlyList<AttributeChange> Attributes { get; init; } = [];
}

/// <summary>
/// The notebooks' plan. <paramref name="Verified"/> holds the manifest entries of the notebooks found unchanged (null
/// when planned without reading the workspace).
/// </summary>
public sealed record NotebookPlan(IReadOnlyList<NotebookStep> Steps, IReadOnlySet<string> ExistingDirectories, IReadOnlyList<PlanChange> Changes,
    string Root = "", IReadOnlyDictionary<string, NotebookManifestEntry>? Verified = null) : IAdapterPlan, IRecordsInManifest
{
    public WorkspaceManifest Record(WorkspaceManifest current) => Verified is null ? current : current.WithNotebooks(Verified.Values);
}

/// <summary>
/// Notebooks under the notebook root, found by path. A notebook whose listed object id and modified time still equal
/// what the manifest (<see cref="WorkspaceManifest"/>) recorded at the last write holds what the toolkit wrote, so it is
/// compared by the recorded hash; any other (edited in the workspace, recreated, no manifest) is exported and compared
/// by the hash of its source.
/// </summary>
public sealed class NotebookAdapter : WorkspaceAdapter<NotebookPlan>
{
    public const string KindName = "notebook";

    public override string Kind => KindName;

    public override NotebookPlan PlanForNewWorkspace(WorkspaceDesired desired) =>
        Plan(desired.Bundle.Notebooks.Select(n => new NotebookStep(n, n.WorkspacePath, ChangeAction.Create, NotDeployedYet)), new HashSet<string>(), desired.Bundle.NotebookRoot, null);

    public override async Task<NotebookPlan> PlanAsync(WorkspaceDesired desired, WorkspaceReads live, CancellationToken ct)
    {
        var client = live.Client;
        var root = desired.Bundle.NotebookRoot;
        var (liveNotebooks, directories) = await ListTreeAsync(client, root, live, ct);
        var manifest = directories.Contains(root) ? await live.ManifestAsync() : null;
        var steps = new ConcurrentBag<NotebookStep>();
        var verified = new ConcurrentDictionary<string, NotebookManifestEntry>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(desired.Bundle.Notebooks, live.Parallel(ct), async (notebook, token) =>
        {
            var path = notebook.WorkspacePath;
            if (!liveNotebooks.TryGetValue(path, out var meta))
            {
                steps.Add(new NotebookStep(notebook, path, ChangeAction.Create, ""));
                return;
            }

            var desiredHash = JsonNormalizer.NotebookHash(notebook.Content);
            if (manifest is not null && manifest.Notebooks.TryGetValue(path, out var seen) && meta.ModifiedAt == seen.ModifiedAt && meta.ObjectId == seen.ObjectId)
            {
                // Untouched since the toolkit wrote it: the live content is the recorded hash.
                var unchanged = seen.Hash == desiredHash;
                if (unchanged)
                {
                    verified[path] = seen;
                }

                steps.Add(new NotebookStep(notebook, path, unchanged ? ChangeAction.NoChange : ChangeAction.Update, unchanged ? "" : "content")
                {
                    Attributes = unchanged ? [] : [new AttributeChange("content sha256", seen.Hash[..12], desiredHash[..12])],
                });
                return;
            }

            var exported = await client.ExportAsync(path, token);
            var liveHash = exported is null ? null : JsonNormalizer.NotebookHash(exported);
            var same = liveHash == desiredHash;
            if (same && meta.ModifiedAt is { } modified)
            {
                verified[path] = new NotebookManifestEntry(path, desiredHash, meta.ObjectId, modified);
            }

            steps.Add(new NotebookStep(notebook, path, same ? ChangeAction.NoChange : ChangeAction.Update, same ? "" : "content")
            {
                Attributes = same ? [] : [new AttributeChange("content sha256", liveHash?[..12], desiredHash[..12])],
            });
        });

        var desiredPaths = desired.Bundle.Notebooks.Select(n => n.WorkspacePath).ToHashSet(StringComparer.Ordinal);
        await Parallel.ForEachAsync(liveNotebooks.Keys.Where(p => !desiredPaths.Contains(p)), live.Parallel(ct), async (path, token) =>
            steps.Add(await RenderedByProjectAsync(client, path, token)
                ? new NotebookStep(null, path, ChangeAction.Delete, "not in the bundle")
                : new NotebookStep(null, path, ChangeAction.Delete, $"not rendered by the project (no \"{WorkspaceBundle.RenderedMarker}\" header); deleted only with --allow-delete")
                {
                    Drift = DriftKinds.Unowned,
                }));

        return Plan(steps, directories, root, verified);
    }

    /// <summary>Folders (mkdirs creates parents, so only the deepest missing ones), imports, deletes, then the manifest.</summary>
    public override async Task ApplyAsync(NotebookPlan plan, WorkspaceApply apply, CancellationToken ct)
    {
        var client = apply.Client;
        var imports = plan.Steps.Where(n => n.Action is ChangeAction.Create or ChangeAction.Update).ToList();
        var folders = imports.Where(n => n.Action == ChangeAction.Create).Select(n => ParentOf(n.Path)).Where(f => !plan.ExistingDirectories.Contains(f)).Distinct().ToList();
        var deepest = folders.Where(f => !folders.Any(other => other.StartsWith(f + "/", StringComparison.Ordinal))).Order(StringComparer.Ordinal).ToList();
        await Parallel.ForEachAsync(deepest, apply.Parallel(ct), async (folder, token) => await apply.GuardAsync("folder " + folder, () => client.MkdirsAsync(folder, token)));
        var written = new ConcurrentBag<NotebookStep>();
        await Parallel.ForEachAsync(imports, apply.Parallel(ct), async (step, token) =>
        {
            if (!await apply.GuardAsync("notebook " + step.Path, async () =>
                {
                    await client.ImportAsync(step.Path, step.Desired!.Content, step.Desired.ApiLanguage, overwrite: true, token);
                    written.Add(step);
                }))
            {
                apply.FailedPaths[step.Path] = 0;
            }
        });

        await Parallel.ForEachAsync(plan.Steps.Where(n => n.Action == ChangeAction.Delete), apply.Parallel(ct), async (step, token) =>
            await apply.GuardAsync("notebook " + step.Path, async () =>
            {
                try
                {
                    await client.DeleteAsync(step.Path, recursive: false, token);
                }
                catch (DatabricksApiException ex) when (ex.IsNotFound)
                {
                }
            }));

        if (plan.Verified is null || plan.Root.Length == 0)
        {
            return;
        }

        // What the service reports for the notebooks just written (the reconciler writes the manifest once every kind
        // applied); a failed import or listing gets no entry, so that notebook is exported next time.
        var entries = new Dictionary<string, NotebookManifestEntry>(plan.Verified, StringComparer.Ordinal);
        var listed = new ConcurrentDictionary<string, LiveNotebook>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(written.Select(s => ParentOf(s.Path)).Distinct(StringComparer.Ordinal), apply.Parallel(ct), async (folder, token) =>
            await apply.GuardAsync("folder listing " + folder, async () =>
            {
                foreach (var (path, meta) in Notebooks(await client.ListAsync(folder, token)))
                {
                    listed[path] = meta;
                }
            }));
        foreach (var step in written)
        {
            if (listed.TryGetValue(step.Path, out var meta) && meta.ModifiedAt is { } modified)
            {
                entries[step.Path] = new NotebookManifestEntry(step.Path, JsonNormalizer.NotebookHash(step.Desired!.Content), meta.ObjectId, modified);
            }
        }

        apply.Manifest = apply.Manifest.WithNotebooks(entries.Values);
    }

    /// <summary>Whether the notebook carries the header every rendered notebook has (a user's notebook under the root does not).</summary>
    private static async Task<bool> RenderedByProjectAsync(DatabricksClient client, string path, CancellationToken ct) =>
        await client.ExportAsync(path, ct) is { } content && System.Text.Encoding.UTF8.GetString(content).Contains(WorkspaceBundle.RenderedMarker, StringComparison.Ordinal);

    /// <summary>The notebooks among a folder's listed children, with their metadata.</summary>
    private static IEnumerable<(string Path, LiveNotebook Meta)> Notebooks(IEnumerable<System.Text.Json.Nodes.JsonObject> items) =>
        items.Where(i => i["object_type"]?.ToString() == "NOTEBOOK").Select(i => (i["path"]?.ToString() ?? "",
            new LiveNotebook(i["object_id"]?.GetValue<long>() ?? 0, i["modified_at"]?.GetValue<long>() is { } m and > 0 ? m : null)));

    /// <summary>Notebook paths and folders under the root, folder by folder.</summary>
    private static async Task<(IReadOnlyDictionary<string, LiveNotebook> Notebooks, IReadOnlySet<string> Directories)> ListTreeAsync(DatabricksClient client, string root, WorkspaceReads live, CancellationToken ct)
    {
        var notebooks = new ConcurrentDictionary<string, LiveNotebook>(StringComparer.Ordinal);
        var directories = new ConcurrentDictionary<string, byte>(StringComparer.Ordinal);
        if (await client.GetStatusAsync(root, ct) is null)
        {
            return (new Dictionary<string, LiveNotebook>(), new HashSet<string>());
        }

        // Every ancestor of the root exists when the root does.
        for (var folder = root; folder.Length > 1; folder = ParentOf(folder))
        {
            directories[folder] = 0;
        }

        var level = new List<string> { root };
        while (level.Count > 0)
        {
            var next = new ConcurrentBag<string>();
            await Parallel.ForEachAsync(level, live.Parallel(ct), async (folder, token) =>
            {
                var items = await client.ListAsync(folder, token);
                foreach (var item in items.Where(i => i["object_type"]?.ToString() == "DIRECTORY"))
                {
                    var path = item["path"]?.ToString() ?? "";
                    directories[path] = 0;
                    next.Add(path);
                }

                foreach (var (path, meta) in Notebooks(items))
                {
                    notebooks[path] = meta;
                }
            });
            level = next.Order(StringComparer.Ordinal).ToList();
        }

        return (new Dictionary<string, LiveNotebook>(notebooks, StringComparer.Ordinal), directories.Keys.ToHashSet(StringComparer.Ordinal));
    }

    private static string ParentOf(string path)
    {
        var index = path.LastIndexOf('/');
        return index <= 0 ? "/" : path[..index];
    }

    private NotebookPlan Plan(IEnumerable<NotebookStep> steps, IReadOnlySet<string> directories, string root, IReadOnlyDictionary<string, NotebookManifestEntry>? verified)
    {
        var ordered = steps.OrderBy(n => n.Path, StringComparer.Ordinal).ToList();
        return new NotebookPlan(ordered, directories, ordered.Select(n => Change(n.Path, n.Action, n.Detail) with { Drift = n.Drift, Attributes = n.Attributes }).ToList(), root,
            verified is null ? null : new SortedDictionary<string, NotebookManifestEntry>(verified.ToDictionary(), StringComparer.Ordinal));
    }
}
