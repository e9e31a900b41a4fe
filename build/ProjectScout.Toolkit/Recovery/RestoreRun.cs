using ProjectScout.Model.Diagnostics;
using ProjectScout.Model.Environments;
using ProjectScout.Toolkit.Configuration;
using ProjectScout.Toolkit.Deployment;
using ProjectScout.Toolkit.Governance;
using ProjectScout.Toolkit.Steps;

namespace ProjectScout.Toolkit.Recovery;

/// <summary>
/// The Restore target: the request checked, the workspace reached, the plan listed; with --apply (confirmed in a real
/// environment) run. The host hands in how to reach the environment and how to ask on its terminal.
/// </summary>
public static class RestoreRun
{
    /// <param name="openTarget">The environment's deploy target (the run's sandbox or Azure), opened once the request is known to be good.</param>
    /// <param name="askOnTerminal">Asks a question on the terminal and says whether the answer was 'yes'; null when there is no terminal to ask on.</param>
    /// <returns>The plan listed (and, with --apply, run).</returns>
    public static async Task<RestorePlan> RunAsync(BuildState state, Func<CancellationToken, Task<DeployTarget>> openTarget, Func<string, bool>? askOnTerminal, CancellationToken ct = default)
    {
        var settings = state.Settings;
        var request = RestoreRequest.From(settings);
        var environment = state.TargetEnvironment;
        var apply = request.Apply && !settings.WhatIf;
        var confirms = apply && environment.Kind != EnvironmentKind.Sandbox && !settings.AutoApprove;
        if (confirms && askOnTerminal is null)
        {
            throw new ToolkitException($"Restore --{ArgumentNames.Apply} in '{environment.Name}' asks for confirmation and there is no terminal to ask on: pass --{ArgumentNames.AutoApprove}, or leave out --{ArgumentNames.Apply} to preview.");
        }

        var planner = new RestorePlanner(environment, state.Lakehouse, state.Contracts);
        planner.TablesOf(request);
        using var client = await RecoveryConnection.ConnectAsync(await openTarget(ct), ct);
        var access = new AccessDesired(state.Governance, state.Contracts, environment, state.Lakehouse.UnityCatalog.CatalogSchemas);
        var warehouse = await RecoveryWarehouse.ResolveAsync(client, access, settings.WarehouseId, ArgumentNames.WarehouseId, ct);
        RunStatement run = (sql, token) => client.RunRecoveryStatementAsync(warehouse, sql, token);
        var plan = await planner.PlanAsync(request, run, ct);
        foreach (var statement in plan.Statements)
        {
            state.Log.Information($"{statement.Table}: {statement.Sql};  -- {statement.From}");
        }

        if (!apply)
        {
            state.Log.Information($"Restore plan for '{environment.Name}': {plan.Statements.Count} statement(s); nothing was run. Pass --{ArgumentNames.Apply} to run them.");
            return plan;
        }

        if (confirms && !askOnTerminal!($"Run these {plan.Statements.Count} statement(s) in '{environment.Name}'? Only 'yes' runs them: "))
        {
            throw new ToolkitException("Restore was not run: the plan was not confirmed (only 'yes' runs it); nothing was changed.");
        }

        await RestorePlanner.ApplyAsync(plan, run, state.Log.Information, ct);
        return plan;
    }
}
