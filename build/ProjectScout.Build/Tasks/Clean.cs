using Cake.Common.Diagnostics;
using Cake.Common.IO;
using ProjectScout.Build.Hosting;

namespace ProjectScout.Build.Tasks;

[TaskName(nameof(Clean))]
[TaskDescription("Delete everything the toolkit generated (artifacts/), except the sandbox's persisted state.")]
public sealed class Clean : BuildTask<BuildContext>
{
    public override void Run(BuildContext context)
    {
        var artifacts = context.Layout.Artifacts;
        if (!Directory.Exists(artifacts))
        {
            context.Information("Nothing to clean: {0} does not exist.", context.Layout.Display(artifacts));
            return;
        }

        // The sandbox's state stands in for a cloud; cleaning build output must not wipe "Azure". Reset it with SandboxReset.
        var kept = context.Layout.SandboxState;
        foreach (var entry in Directory.EnumerateFileSystemEntries(artifacts, "*", SearchOption.TopDirectoryOnly).Order(StringComparer.Ordinal))
        {
            if (Directory.Exists(entry) && kept.StartsWith(entry + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                foreach (var inner in Directory.EnumerateFileSystemEntries(entry).Where(e => e != kept))
                {
                    Delete(context, inner);
                }

                continue;
            }

            Delete(context, entry);
        }
    }

    private static void Delete(BuildContext context, string path)
    {
        if (Directory.Exists(path))
        {
            context.DeleteDirectory(path, new DeleteDirectorySettings { Recursive = true, Force = true });
        }
        else
        {
            context.DeleteFile(path);
        }

        context.Verbose("Deleted {0}", context.Layout.Display(path));
    }
}
