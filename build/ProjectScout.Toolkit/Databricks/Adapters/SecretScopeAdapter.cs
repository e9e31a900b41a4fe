using ProjectScout.Model.Databricks;

namespace ProjectScout.Toolkit.Databricks.Adapters;

public sealed record SecretScopePlan(SecretScopeSpec? ToCreate, string? Existing) : IAdapterPlan
{
    public IReadOnlyList<Deployment.PlanChange> Changes { get; init; } = [];
}

/// <summary>The Key Vault-backed secret scope, found by name. Only created: its backing vault is the deployment's.</summary>
public sealed class SecretScopeAdapter : WorkspaceAdapter<SecretScopePlan>
{
    public override string Kind => "secret-scope";

    public override SecretScopePlan PlanForNewWorkspace(WorkspaceDesired desired) => Plan(desired.Scope, exists: false);

    public override async Task<SecretScopePlan> PlanAsync(WorkspaceDesired desired, WorkspaceReads live, CancellationToken ct)
    {
        if (desired.Scope is not { } scope)
        {
            return Plan(null, exists: false);
        }

        var scopes = await live.Client.ListScopesAsync(ct);
        return Plan(scope, scopes.Any(s => s["name"]?.ToString() == scope.Name));
    }

    public override async Task ApplyAsync(SecretScopePlan plan, WorkspaceApply apply, CancellationToken ct)
    {
        if (plan.ToCreate is not { } scope)
        {
            return;
        }

        await apply.GuardAsync("secret scope " + scope.Name, async () =>
        {
            try
            {
                await apply.Client.CreateKeyVaultScopeAsync(scope.Name, scope.KeyVaultResourceId, scope.KeyVaultUri, ct);
            }
            catch (DatabricksApiException ex) when (ex.ErrorCode == "RESOURCE_ALREADY_EXISTS")
            {
                // A retried create whose first attempt went through.
            }
        });
    }

    private SecretScopePlan Plan(SecretScopeSpec? scope, bool exists) => scope is null
        ? new SecretScopePlan(null, null)
        : exists
            ? new SecretScopePlan(null, scope.Name) { Changes = [Change(scope.Name, Deployment.ChangeAction.NoChange)] }
            : new SecretScopePlan(scope, null) { Changes = [Change(scope.Name, Deployment.ChangeAction.Create, "Key Vault-backed")] };
}
