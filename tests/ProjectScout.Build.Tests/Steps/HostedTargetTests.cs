using ProjectScout.Model.Diagnostics;
using ProjectScout.Toolkit.Configuration;
using ProjectScout.Toolkit.Environments;
using ProjectScout.Toolkit.Layout;
using ProjectScout.Toolkit.Recovery;
using ProjectScout.Toolkit.Steps;

namespace ProjectScout.Build.Tests.Steps;

/// <summary>
/// The toolkit's SandboxReset and Restore logic with what the build hands in (the sandbox's state folder, the terminal),
/// in-process: refusals come first and leave everything as it was.
/// </summary>
public sealed class HostedTargetTests
{
    private static BuildState State(RunSettings settings, RunLogLines log, string? artifacts = null)
    {
        var layout = artifacts is null ? Repository.Layout : Repository.Layout with { ArtifactsRelative = artifacts };
        var state = new BuildState(layout, settings, log, () => throw new AssertionException("no Bicep"));
        state.LoadEnvironments();
        return state;
    }

    [Test]
    public void SandboxReset_refuses_an_unknown_seed_and_a_seeded_real_environment_then_deletes_the_state_and_says_so()
    {
        var artifacts = Repository.NewScratchDirectory("sandbox-reset");
        try
        {
            var log = new RunLogLines();
            var folder = new SandboxStateFolder();
            var stale = Path.Combine(artifacts, "sandbox", "state", "databricks.json");
            Directory.CreateDirectory(Path.GetDirectoryName(stale)!);
            File.WriteAllText(stale, "{}");

            var unknown = Assert.Throws<ToolkitException>(() => SandboxStateReset.Run(State(new RunSettings { EnvironmentName = "sandbox", Seed = "nope" }, log, artifacts), folder));
            Assert.That(unknown!.Message, Is.EqualTo($"Argument --{ArgumentNames.Seed}: there is no sandbox seed 'nope'; use one of {string.Join(", ", folder.SeedNames)}."));
            var real = Assert.Throws<ToolkitException>(() => SandboxStateReset.Run(State(new RunSettings { EnvironmentName = "dev", Seed = folder.SeedNames[0] }, log, artifacts), folder));
            Assert.That(real!.Message, Does.Contain("'dev' is a real environment"));
            Assert.That(File.Exists(stale), Is.True, "a refused reset deletes nothing");
            Assert.That(log.Lines, Is.Empty);

            var state = State(new RunSettings { EnvironmentName = "sandbox" }, log, artifacts);
            SandboxStateReset.Run(state, folder);
            SandboxStateReset.Run(state, folder);
            Assert.That(File.Exists(stale), Is.False);
            Assert.That(log.Lines, Is.EqualTo(new[]
            {
                $"Deleted {state.Layout.Display(stale)}",
                $"Sandbox state is already empty ({state.Layout.Display(state.Layout.SandboxState)}).",
            }));
        }
        finally
        {
            Directory.Delete(artifacts, recursive: true);
        }
    }

    [Test]
    public void Restore_with_apply_in_a_real_environment_without_a_terminal_is_refused_before_the_environment_is_reached()
    {
        var settings = new RunSettings { EnvironmentName = "dev", RestoreTable = "gold.reconstructed_transcripts", RestoreToVersion = "0", RestoreApply = true };
        var refused = Assert.ThrowsAsync<ToolkitException>(() => RestoreRun.RunAsync(State(settings, new RunLogLines()),
            _ => throw new AssertionException("the environment is not reached"), askOnTerminal: null));
        Assert.That(refused!.Message, Is.EqualTo($"Restore --{ArgumentNames.Apply} in 'dev' asks for confirmation and there is no terminal to ask on: pass --{ArgumentNames.AutoApprove}, or leave out --{ArgumentNames.Apply} to preview."));

        var unknown = Assert.ThrowsAsync<ToolkitException>(() => RestoreRun.RunAsync(State(settings with { RestoreTable = "gold.nope", RestoreApply = false }, new RunLogLines()),
            _ => throw new AssertionException("the environment is not reached"), askOnTerminal: null));
        Assert.That(unknown!.Message, Does.Contain("gold.nope"));
    }
}
