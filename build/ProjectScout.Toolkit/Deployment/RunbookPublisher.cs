using System.Text.Json.Nodes;
using ProjectScout.Model.Arm;
using ProjectScout.Model.Azure;
using ProjectScout.Model.Diagnostics;
using ProjectScout.Model.Layout;
using ProjectScout.Toolkit.Arm;
using ProjectScout.Toolkit.IO;
using ProjectScout.Toolkit.Layout;

namespace ProjectScout.Toolkit.Deployment;

/// <summary>One runbook to publish: its name and the text from artifacts/&lt;env&gt;/infra/runbooks/&lt;name&gt;.ps1.</summary>
public sealed record RunbookArtifact(string Name, byte[] Content, string Sha256);

/// <summary>
/// ARM cannot carry runbook text (docs/infrastructure.md, D3): the template creates the runbooks as drafts and outputs
/// <c>runbookNames</c>; this uploads and publishes each one from the artifacts. A runbook is unchanged when the SHA-256
/// of its published content equals the artifact's, so a redeploy sends no runbook write.
/// </summary>
public sealed class RunbookPublisher(ArmClient arm, string automationAccountId)
{
    public const string Kind = "runbook";
    public const string Plane = "automation";
    /// <summary>The one api-version of runbooks (the model's resource-type table).</summary>
    public static readonly string ApiVersion = AzureResourceTypes.Runbooks.ApiVersion!;

    /// <summary>The automation account's name (the last segment of its id).</summary>
    public string AccountName => automationAccountId.TrimEnd('/').Split('/')[^1];

    /// <summary>The names a compiled phase template declares in its <c>runbookNames</c> output (a literal list); empty when it has none.</summary>
    public static IReadOnlyList<string> DeclaredNames(JsonObject template) =>
        (template["outputs"]?[DeploymentOutputs.RunbookNames]?["value"] as JsonArray ?? []).Select(n => n?.ToString() ?? "").Where(n => n.Length > 0).ToList();

    /// <summary>Reads each runbook's text from the artifacts (never templates/); every missing file is reported at once.</summary>
    public static IReadOnlyList<RunbookArtifact> Load(EnvironmentArtifacts artifacts, IEnumerable<string> names, string environment, Func<string, string> display)
    {
        var loaded = new List<RunbookArtifact>();
        var missing = new List<string>();
        foreach (var name in names.Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal))
        {
            var path = Path.Combine(artifacts.Runbooks, name + ".ps1");
            if (!File.Exists(path))
            {
                missing.Add(display(path));
                continue;
            }

            var content = File.ReadAllBytes(path);
            loaded.Add(new RunbookArtifact(name, content, GeneratedFiles.Sha256(content)));
        }

        if (missing.Count > 0)
        {
            throw new ToolkitException(
                $"Runbook text missing: {string.Join(", ", missing)}. Add templates/infra/runbooks/<name>.ps1 for every name in the template's {DeploymentOutputs.RunbookNames} output " +
                $"and rebuild with ./build.sh --target=Validate --environment={environment}.");
        }

        return loaded;
    }

    /// <summary>Every runbook as a create (the automation account does not exist yet).</summary>
    public static PlanChange[] PlanForNewAccount(IEnumerable<RunbookArtifact> runbooks, string accountName) =>
        runbooks.Select(r => new PlanChange(Plane, Kind, $"{accountName}/{r.Name}", ChangeAction.Create, "upload and publish " + Short(r.Sha256))).ToArray();

    /// <summary>Compares the published content of each runbook with its artifact (one GET per runbook).</summary>
    public async Task<IReadOnlyList<PlanChange>> PlanAsync(IEnumerable<RunbookArtifact> runbooks, CancellationToken ct)
    {
        var changes = new List<PlanChange>();
        foreach (var runbook in runbooks)
        {
            var published = await arm.GetPublishedRunbookContentAsync(automationAccountId, runbook.Name, ApiVersion, ct);
            changes.Add(published is null
                ? Change(runbook, ChangeAction.Create, "not published; upload and publish " + Short(runbook.Sha256))
                : GeneratedFiles.Sha256(published) is var live && live == runbook.Sha256
                    ? Change(runbook, ChangeAction.NoChange)
                    : Change(runbook, ChangeAction.Update, $"published {Short(live)} → {Short(runbook.Sha256)}"));
        }

        return changes;
    }

    /// <summary>Uploads the draft and publishes it for every runbook the plan does not list as unchanged.</summary>
    public async Task<int> ApplyAsync(IEnumerable<RunbookArtifact> runbooks, IReadOnlyList<PlanChange> plan, CancellationToken ct)
    {
        var unchanged = plan.Where(c => c.Action == ChangeAction.NoChange).Select(c => c.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var published = 0;
        foreach (var runbook in runbooks.Where(r => !unchanged.Contains(QualifiedName(r.Name))))
        {
            await UploadAndPublishAsync(runbook, ct);
            published++;
        }

        return published;
    }

    /// <summary>
    /// Draft upload (idempotent) then publish. A publish whose answer was lost may have gone through, and a second one
    /// would find no draft; so after a failed publish the published content is read first, and only when it is not the
    /// artifact's is the draft uploaded and published once more.
    /// </summary>
    private async Task UploadAndPublishAsync(RunbookArtifact runbook, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            await arm.ReplaceRunbookDraftAsync(automationAccountId, runbook.Name, runbook.Content, ApiVersion, ct);
            try
            {
                await arm.PublishRunbookAsync(automationAccountId, runbook.Name, ApiVersion, ct);
                return;
            }
            catch (Exception ex) when (ex is ArmException { Status: >= 500 or 400 } or ToolkitException)
            {
                var published = await arm.GetPublishedRunbookContentAsync(automationAccountId, runbook.Name, ApiVersion, ct);
                if (published is not null && GeneratedFiles.Sha256(published) == runbook.Sha256)
                {
                    return; // the lost publish went through
                }

                if (attempt >= ToolkitRetryPolicy.MaxTriesOnServerError)
                {
                    throw;
                }
            }
        }
    }

    /// <summary>
    /// Each runbook must be Published with the artifact's content: one line per problem. <paramref name="contentJustPlanned"/>:
    /// a no-change plan compared the published content a moment ago, so only the state is read.
    /// </summary>
    public async Task<IReadOnlyList<string>> VerifyAsync(IEnumerable<RunbookArtifact> runbooks, CancellationToken ct, bool contentJustPlanned = false)
    {
        var problems = new List<string>();
        foreach (var runbook in runbooks)
        {
            var resource = await arm.GetRunbookAsync(automationAccountId, runbook.Name, ApiVersion, ct);
            if (resource is null)
            {
                problems.Add($"{Kind} {QualifiedName(runbook.Name)}: does not exist");
                continue;
            }

            var state = resource["properties"]?["state"]?.ToString();
            if (!string.Equals(state, "Published", StringComparison.OrdinalIgnoreCase))
            {
                problems.Add($"{Kind} {QualifiedName(runbook.Name)}: state is {state ?? "unknown"}, expected Published");
            }

            if (contentJustPlanned)
            {
                continue;
            }

            var published = await arm.GetPublishedRunbookContentAsync(automationAccountId, runbook.Name, ApiVersion, ct);
            var live = published is null ? "none" : GeneratedFiles.Sha256(published);
            if (live != runbook.Sha256)
            {
                problems.Add($"{Kind} {QualifiedName(runbook.Name)}: published content sha256 {Short(live)}, expected {Short(runbook.Sha256)} (the artifact)");
            }
        }

        return problems;
    }

    /// <summary>automationAccount/runbook, the name shown in the plan.</summary>
    public string QualifiedName(string runbook) => $"{AccountName}/{runbook}";

    private PlanChange Change(RunbookArtifact runbook, ChangeAction action, string detail = "") => new(Plane, Kind, QualifiedName(runbook.Name), action, detail);

    private static string Short(string sha256) => sha256.Length > 12 ? "sha256:" + sha256[..12] : sha256;
}
