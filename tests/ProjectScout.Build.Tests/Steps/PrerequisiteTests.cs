using ProjectScout.Toolkit.Configuration;
using ProjectScout.Toolkit.IO;
using ProjectScout.Toolkit.Steps;

namespace ProjectScout.Build.Tests.Steps;

/// <summary>Optional tools are named up front with how to install them; without python3 the build works and says what it skipped.</summary>
public sealed class PrerequisiteTests
{
    [Test]
    public async Task Without_python3_on_PATH_Validate_notebooks_pass_and_say_exactly_what_was_skipped()
    {
        var root = Repository.CopyInputs("no-python");
        var emptyPath = Repository.NewScratchDirectory("empty-path");
        try
        {
            Assert.That(ToolPath.Find("python3", emptyPath), Is.Null, "python3 is hidden");
            var result = await HostProcess.RunAsync(root, new Dictionary<string, string?> { ["NO_COLOR"] = "1", ["PATH"] = emptyPath }, "--target=ParseNotebooks");

            Assert.That(result.ExitCode, Is.EqualTo(0), result.All);
            Assert.That(result.All, Does.Contain("python3 not found on PATH: the Python syntax check of the rendered notebooks is skipped").And.Contain("Install Python 3"),
                "named up front, with how to install it");
            Assert.That(result.All, Does.Match(@"Skipped the Python syntax check of \d+ rendered notebooks in 4 environments: python3 not found on PATH"));
            Assert.That(result.All, Does.Not.Contain("An error occurred trying to start process").And.Not.Contain("python3 ast:"));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
            Directory.Delete(emptyPath, recursive: true);
        }
    }

    [Test]
    public void Only_the_tools_the_run_uses_are_reported_missing()
    {
        string? None(string tool) => null;

        Assert.That(Prerequisites.MissingFor(["ValidateEnvironments", "ParseNotebooks", "Docs"], mermaidCached: false, None), Is.EqualTo(new[] { Prerequisites.Python, Prerequisites.Npm }));
        Assert.That(Prerequisites.MissingFor(["ParseNotebooks", "Docs"], mermaidCached: true, None), Is.EqualTo(new[] { Prerequisites.Python }), "a cached mermaid needs no npm");
        Assert.That(Prerequisites.MissingFor(["Clean", "DeployPhase1"], mermaidCached: false, None), Is.Empty);
        Assert.That(Prerequisites.MissingFor(["ParseNotebooks", "Docs"], mermaidCached: false, tool => "/usr/bin/" + tool), Is.Empty);
        Assert.That(Prerequisites.Npm.MissingLine, Does.StartWith("npm not found on PATH: ").And.Contain("https://nodejs.org/").And.Not.Contain("\n"));
    }

    [Test]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void ToolPath_finds_only_executables_on_the_given_path()
    {
        var directory = Repository.NewScratchDirectory("toolpath");
        try
        {
            var tool = Path.Combine(directory, "tool");
            File.WriteAllText(tool, "#!/bin/sh\n");
            Assert.That(ToolPath.Find("tool", directory), Is.Null, "not executable");
            File.SetUnixFileMode(tool, UnixFileMode.UserRead | UnixFileMode.UserExecute);
            Assert.That(ToolPath.Find("tool", "/nonexistent" + Path.PathSeparator + directory), Is.EqualTo(tool));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
