using ProjectScout.Toolkit.Bicep;

namespace ProjectScout.Build.Tests;

/// <summary>
/// What many fixtures need and none of them tests, made once per test run on first use: a scratch repository whose
/// sandbox artifacts the real host has built and validated (each user gets its own copy: the inputs stay read-only), and
/// one warm <c>bicep jsonrpc</c> process for sandboxes that evaluate templates (starting the CLI costs seconds, a call
/// ~25 ms). Tests of compilation itself still compile: a copy's Validate finds its infra up to date only while its
/// inputs are unchanged.
/// </summary>
[SetUpFixture]
public sealed class SharedRunResources
{
    private static readonly Lazy<Task<string>> Validated = new(ValidateOnceAsync, LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly Lazy<BicepClient> Bicep = new(() => BicepClient.Start(), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The run's one Bicep process: hand it to a sandbox as <c>new BicepTemplateEvaluator(() =&gt; SharedRunResources.BicepClient)</c>.</summary>
    public static BicepClient BicepClient => Bicep.Value;

    /// <summary>A scratch copy of the repository's inputs with artifacts/sandbox built and validated; the caller deletes it.</summary>
    public static async Task<string> CopyValidatedAsync(string purpose)
    {
        var source = await Validated.Value;
        var target = Repository.NewScratchDirectory(purpose);
        Repository.CopyDirectory(source, target);
        return target;
    }

    private static async Task<string> ValidateOnceAsync()
    {
        var root = Repository.CopyInputs("validated");
        var validate = await HostProcess.RunAsync(root, "--target=Validate", "--environment=sandbox");
        if (validate.ExitCode != 0)
        {
            throw new InvalidOperationException("Validate of the repository's sandbox artifacts failed:\n" + validate.All);
        }

        return root;
    }

    [OneTimeTearDown]
    public async Task ReleaseAsync()
    {
        if (Bicep.IsValueCreated)
        {
            await Bicep.Value.DisposeAsync();
        }

        if (Validated.IsValueCreated && Validated.Value.IsCompletedSuccessfully)
        {
            Directory.Delete(Validated.Value.Result, recursive: true);
        }
    }
}
