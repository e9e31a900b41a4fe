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

public sealed record NotebookPlan(IReadOnlyList<NotebookStep> Steps, IReadOnlySet<string> ExistingDirectories, IReadOnlyList<PlanChange> Changes) : IAdapterPlan;

/// <summary>Notebooks under the notebook root, found by path and compared by the hash of their exported source.</summary>
public sealed class NotebookAdapter : WorkspaceAdapter<NotebookPlan>
{
    public const string KindName = "notebook";

    public override string Kind => KindName;

    public override NotebookPlan PlanForNewWorkspace(WorkspaceDesired desired) =>
        Plan(desired.Bundle.Notebooks.Select(n => new NotebookStep(n, n.WorkspacePath, ChangeAction.Create, NotDeployedYet)), new HashSet<string>());

    public override async Task<NotebookPlan> PlanAsync(WorkspaceDesired desired, WorkspaceReads live, CancellationToken ct)
    {
        var client = live.Client;
        var (liveNotebooks, directories) = await ListTreeAsync(client, desired.Bundle.NotebookRoot, live, ct);
        var steps = new ConcurrentBag<NotebookStep>();
        await Parallel.ForEachAsync(desired.Bundle.Notebooks, live.Parallel(ct), async (notebook, token) =>
        {
            if (!liveNotebooks.Contains(notebook.WorkspacePath))
            {
                steps.Add(new NotebookStep(notebook, notebook.WorkspacePath, ChangeAction.Create, ""));
                return;
            }

            var exported = await client.ExportAsync(notebook.WorkspacePath, token);
            var (liveHash, desiredHash) = (exported is null ? null : JsonNormalizer.NotebookHash(exported), JsonNormalizer.NotebookHash(notebook.Content));
            var same = liveHash == desiredHash;
            steps.Add(new NotebookStep(notebook, notebook.WorkspacePath, same ? ChangeAction.NoChange : ChangeAction.Update, same ? "" : "content")
            {
                Attributes = same ? [] : [new AttributeChange("content sha256", liveHash?[..12], desiredHash[..12])],
            });
        });

        var desiredPaths = desired.Bundle.Notebooks.Select(n => n.WorkspacePath).ToHashSet(StringComparer.Ordinal);
        await Parallel.ForEachAsync(liveNotebooks.Where(p => !desiredPaths.Contains(p)), live.Parallel(ct), async (path, token) =>
            steps.Add(await RenderedByProjectAsync(client, path, token)
                ? new NotebookStep(null, path, ChangeAction.Delete, "not in the bundle")
                : new NotebookStep(null, path, ChangeAction.Delete, $"not rendered by the project (no \"{WorkspaceBundle.RenderedMarker}\" header); deleted only with --allow-delete")
                {
                    Drift = DriftKinds.Unowned,
                }));

        return Plan(steps, directories);
    }

    /// <summary>Folders (mkdirs creates parents, so only the deepest missing ones), imports, then deletes.</summary>
    public override async Task ApplyAsync(NotebookPlan plan, WorkspaceApply apply, CancellationToken ct)
    {
        var client = apply.Client;
        var imports = plan.Steps.Where(n => n.Action is ChangeAction.Create or ChangeAction.Update).ToList();
        var folders = imports.Where(n => n.Action == ChangeAction.Create).Select(n => ParentOf(n.Path)).Where(f => !plan.ExistingDirectories.Contains(f)).Distinct().ToList();
        var deepest = folders.Where(f => !folders.Any(other => other.StartsWith(f + "/", StringComparison.Ordinal))).Order(StringComparer.Ordinal).ToList();
        await Parallel.ForEachAsync(deepest, apply.Parallel(ct), async (folder, token) => await apply.GuardAsync("folder " + folder, () => client.MkdirsAsync(folder, token)));
        await Parallel.ForEachAsync(imports, apply.Parallel(ct), async (step, token) =>
        {
            if (!await apply.GuardAsync("notebook " + step.Path, () => client.ImportAsync(step.Path, step.Desired!.Content, step.Desired.ApiLanguage, overwrite: true, token)))
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
    }

    /// <summary>Whether the notebook carries the header every rendered notebook has (a user's notebook under the root does not).</summary>
    private static async Task<bool> RenderedByProjectAsync(DatabricksClient client, string path, CancellationToken ct) =>
        await client.ExportAsync(path, ct) is { } content && System.Text.Encoding.UTF8.GetString(content).Contains(WorkspaceBundle.RenderedMarker, StringComparison.Ordinal);

    /// <summary>Notebook paths and folders under the root, folder by folder.</summary>
    private static async Task<(IReadOnlySet<string> Notebooks, IReadOnlySet<string> Directories)> ListTreeAsync(DatabricksClient client, string root, WorkspaceReads live, CancellationToken ct)
    {
        var notebooks = new ConcurrentDictionary<string, byte>(StringComparer.Ordinal);
        var directories = new ConcurrentDictionary<string, byte>(StringComparer.Ordinal);
        if (await client.GetStatusAsync(root, ct) is null)
        {
            return (new HashSet<string>(), new HashSet<string>());
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
                foreach (var item in await client.ListAsync(folder, token))
                {
                    var path = item["path"]?.ToString() ?? "";
                    switch (item["object_type"]?.ToString())
                    {
                        case "DIRECTORY":
                            directories[path] = 0;
                            next.Add(path);
                            break;
                        case "NOTEBOOK":
                            notebooks[path] = 0;
                            break;
                    }
                }
            });
            level = next.Order(StringComparer.Ordinal).ToList();
        }

        return (notebooks.Keys.ToHashSet(StringComparer.Ordinal), directories.Keys.ToHashSet(StringComparer.Ordinal));
    }

    private static string ParentOf(string path)
    {
        var index = path.LastIndexOf('/');
        return index <= 0 ? "/" : path[..index];
    }

    private NotebookPlan Plan(IEnumerable<NotebookStep> steps, IReadOnlySet<string> directories)
    {
        var ordered = steps.OrderBy(n => n.Path, StringComparer.Ordinal).ToList();
        return new NotebookPlan(ordered, directories, ordered.Select(n => Change(n.Path, n.Action, n.Detail) with { Drift = n.Drift, Attributes = n.Attributes }).ToList());
    }
}
