using System.Text;
using ProjectScout.Model.Diagnostics;
using ProjectScout.Model.Environments;
using ProjectScout.Model.Layout;
using ProjectScout.Toolkit.Environments;
using ProjectScout.Toolkit.IO;
using ProjectScout.Toolkit.Layout;

namespace ProjectScout.Toolkit.Steps;

/// <summary>
/// Proof that what a deploy reads passed Validate: <c>artifacts/&lt;env&gt;/.validated</c> holds the SHA-256 of exactly the
/// inputs Validate checked and the deploy reads — the environment file and every file of the deployed folders (templates,
/// snapshots, notebooks, jobs, policies). Validate removes it when it starts and writes it only when every check passed;
/// a deploy refuses artifacts whose hash is not the stamp's, whatever --exclusive skipped. A dot-file: never released.
/// </summary>
public static class ValidationStamp
{
    public const string FileName = ".validated";

    /// <summary>The folders a deploy reads (docs are regenerated after a deploy, so they are not part of it).</summary>
    private static readonly string[] DeployedFolders = ["infra", "snapshots", "notebooks", "jobs", "policies"];

    public static string PathOf(EnvironmentArtifacts artifacts) => Path.Combine(artifacts.Root, FileName);

    /// <summary>Nothing is deployable until Validate has passed again.</summary>
    public static void Remove(EnvironmentArtifacts artifacts)
    {
        if (File.Exists(PathOf(artifacts)))
        {
            File.Delete(PathOf(artifacts));
        }
    }

    public static void Write(ToolkitLayout layout, string environment) =>
        GeneratedFiles.Write(PathOf(layout.For(environment)), Compute(layout, environment) + "\n");

    /// <summary>Throws one line unless the artifacts are exactly the ones the last passing Validate checked.</summary>
    public static void Require(ToolkitLayout layout, string environment)
    {
        var path = PathOf(layout.For(environment));
        var stamp = File.Exists(path) ? File.ReadAllText(path).Trim() : null;
        if (stamp is null)
        {
            throw new ToolkitException($"{layout.Display(layout.For(environment).Root)} has not passed Validate (no {FileName} stamp; the last Validate failed or never ran): run './build.sh --target=Validate --environment={environment}' before deploying.");
        }

        if (stamp != Compute(layout, environment))
        {
            throw new ToolkitException($"{layout.Display(layout.For(environment).Root)} changed since Validate passed (its inputs no longer hash to {layout.Display(path)}): run './build.sh --target=Validate --environment={environment}' before deploying.");
        }
    }

    /// <summary>SHA-256 over the environment file and every deployed file, as sorted "path sha" lines.</summary>
    public static string Compute(ToolkitLayout layout, string environment)
    {
        var lines = new StringBuilder();
        foreach (var definition in new EnvironmentCatalog(layout.Environments).FilesOf(environment))
        {
            lines.Append("environment ").Append(File.Exists(definition) ? GeneratedFiles.Sha256OfFile(definition) : "-").Append('\n');
        }

        var root = layout.For(environment).Root;
        var files = DeployedFolders.Select(f => Path.Combine(root, f)).Where(Directory.Exists)
            .SelectMany(d => Directory.EnumerateFiles(d, "*", SearchOption.AllDirectories))
            .Select(f => (Relative: Path.GetRelativePath(root, f).Replace('\\', '/'), Full: f))
            .Where(f => !f.Relative.Split('/').Any(s => s.StartsWith('.')))
            .OrderBy(f => f.Relative, StringComparer.Ordinal);
        foreach (var (relative, full) in files)
        {
            lines.Append(relative).Append(' ').Append(GeneratedFiles.Sha256OfFile(full)).Append('\n');
        }

        return GeneratedFiles.Sha256(lines.ToString());
    }
}
