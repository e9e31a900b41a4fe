using System.Diagnostics;
using System.Globalization;
using ProjectScout.Model.Arm;
using ProjectScout.Toolkit.Arm;

namespace ProjectScout.Toolkit.Deployment;

/// <summary>
/// Progress of a running ARM deployment, as Terraform shows it: each resource operation printed once as it finishes
/// (read from Deployment Operations - List every <see cref="DeployOptions.ProgressInterval"/>), "Still deploying… 40 s"
/// in between, and in Azure Pipelines <c>##vso[task.setprogress]</c> with the share of the expected operations done.
/// </summary>
public static class DeploymentProgress
{
    public static async Task<DeploymentResult> FollowAsync(DeployConnection connection, string name, int expected, Task<DeploymentResult> deployment, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var reported = new HashSet<string>(StringComparer.Ordinal);
        var interval = connection.Options.ProgressInterval;
        while (!deployment.IsCompleted)
        {
            await Task.WhenAny(deployment, Task.Delay(interval, ct));
            if (deployment.IsCompleted)
            {
                break;
            }

            await ReportAsync(connection, name, reported, expected, ct);
            connection.Log($"Still deploying… {clock.Elapsed.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)} s ({reported.Count} of ~{expected} resource operation(s) done)");
        }

        try
        {
            return await deployment;
        }
        finally
        {
            // What finished since the last look, failures included (they name the resource that failed).
            await ReportAsync(connection, name, reported, expected, ct);
        }
    }

    private static async Task ReportAsync(DeployConnection connection, string name, HashSet<string> reported, int expected, CancellationToken ct)
    {
        IReadOnlyList<DeploymentOperation> operations;
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(ct);
        bounded.CancelAfter(ReadTimeout(connection.Options.ProgressInterval));
        try
        {
            operations = await connection.Arm.ListDeploymentOperationsAsync(connection.Target.Scope, name, bounded.Token);
        }
        catch (Exception ex) when (!ct.IsCancellationRequested && ex is not OutOfMemoryException)
        {
            return; // progress is a courtesy: the deployment's own result decides, and a failing read must not hold it up
        }

        foreach (var operation in operations.Where(o => o.IsFinished && reported.Add(o.OperationId)).OrderBy(o => o.ResourceType, StringComparer.Ordinal).ThenBy(o => o.ResourceName, StringComparer.Ordinal))
        {
            connection.Log(Line(operation));
        }

        if (connection.Options.PipelineCommand is { } command && expected > 0)
        {
            command($"##vso[task.setprogress value={Math.Min(100, reported.Count * 100 / expected)};]ARM deployment {name}");
        }
    }

    /// <summary>How long one look at the operations may take, retries included: about one progress interval, at least 5 s.</summary>
    private static TimeSpan ReadTimeout(TimeSpan interval) => interval > TimeSpan.FromSeconds(5) ? interval : TimeSpan.FromSeconds(5);

    /// <summary><c>  create storageAccounts tbwajuicerstgsbx: Succeeded (3 s)</c>, cut to the plan's width.</summary>
    public static string Line(DeploymentOperation operation)
    {
        var kind = operation.ResourceType.Contains('/') ? operation.ResourceType[(operation.ResourceType.LastIndexOf('/') + 1)..] : operation.ResourceType;
        var took = operation.Duration is { } d ? $" ({d.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture)} s)" : "";
        var failure = operation.StatusMessage.Length > 0 && operation.ProvisioningState != "Succeeded" ? ": " + operation.StatusMessage : "";
        var line = $"  {operation.ProvisioningOperation.ToLowerInvariant()} {kind} {ArmDisplayNames.Resolve(operation.ResourceName)}: {operation.ProvisioningState}{took}{failure}";
        return line.Length <= PlanText.Width ? line : line[..(PlanText.Width - 1)] + "…";
    }
}
