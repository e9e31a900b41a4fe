using ProjectScout.Model.Layout;
using ProjectScout.Toolkit.Layout;

namespace ProjectScout.Tests;

/// <summary>The real repository the tests run in, and scratch copies of it for tests that break inputs on purpose.</summary>
public static class Repository
{
    public static string Root { get; } = ToolkitLayout.FindRoot(TestContext.CurrentContext.TestDirectory);

    public static ToolkitLayout Layout { get; } = new() { Root = Root };

    /// <summary>A fresh temporary folder, deleted when the test run's process ends is not guaranteed: callers clean up.</summary>
    public static string NewScratchDirectory(string purpose)
    {
        var path = Path.Combine(Path.GetTempPath(), "projectscout-tests", purpose + "-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>Copies the inputs a run reads (templates, notebooks, docs, cake.config, the solution marker) to a scratch root.</summary>
    public static string CopyInputs(string purpose)
    {
        var target = NewScratchDirectory(purpose);
        foreach (var folder in new[] { "templates", "notebooks", "docs" })
        {
            CopyDirectory(Path.Combine(Root, folder), Path.Combine(target, folder));
        }

        foreach (var file in new[] { "cake.config", "ProjectScout.Build.sln" })
        {
            File.Copy(Path.Combine(Root, file), Path.Combine(target, file));
        }

        return target;
    }

    public static void CopyDirectory(string source, string destination)
    {
        if (!Directory.Exists(source))
        {
            return;
        }

        foreach (var directory in Directory.EnumerateDirectories(source, "*", SearchOption.AllDirectories))
        {
            Directory.CreateDirectory(directory.Replace(source, destination));
        }

        Directory.CreateDirectory(destination);
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            File.Copy(file, file.Replace(source, destination), overwrite: true);
        }
    }
}
