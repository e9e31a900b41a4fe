using Cake.Common.Diagnostics;
using ProjectScout.Build.Tasks.Deploy;
using ProjectScout.Model.Diagnostics;
using ProjectScout.Model.Environments;
using ProjectScout.Toolkit.Configuration;
using ProjectScout.Toolkit.Governance;
using ProjectScout.Toolkit.Recovery;

namespace ProjectScout.Build.Tasks.Recovery;

/// <summary>Restore: the request checked, the workspace reached, the plan listed; with --apply (confirmed in a real environment) run.</summary>
internal static class RecoveryRunner
{
    public static async Task RestoreAsync(BuildContext context)
    {
        var request = RestoreRequest.From(context.Settings);
        var environment = context.State.TargetEnvironment;
        var apply = request.Apply && !context.Settings.WhatIf;
        if (apply && environment.Kind != EnvironmentKind.Sandbox && !context.Settings.AutoApprove && Console.IsInputRedirected)
        {
            throw new ToolkitException($"Restore --{ArgumentNames.Apply} in '{environment.Name}' asks for confirmation and there is no terminal to ask on: pass --{ArgumentNames.AutoApprove}, or leave out --{ArgumentNames.Apply} to preview.");
        }

        var planner = new RestorePlanner(environment, context.State.Lakehouse, context.State.Contracts);
        planner.TablesOf(request);
        await using var session = await DeploySession.OpenAsync(context);
        using var client = await RecoveryConnection.ConnectAsync(session.Target);
        var access = new AccessDesired(context.State.Governance, context.State.Contracts, environment, context.State.Lakehouse.UnityCatalog.CatalogSchemas);
        var warehouse = await RecoveryWarehouse.ResolveAsync(client, access, context.Settings.WarehouseId, ArgumentNames.WarehouseId);
        RunStatement run = (sql, ct) => client.RunRecoveryStatementAsync(warehouse, sql, ct);
        var plan = await planner.PlanAsync(request, run);
        foreach (var statement in plan.Statements)
        {
            context.Information("{0}: {1};  -- {2}", statement.Table, statement.Sql, statement.From);
        }

        if (!apply)
        {
            context.Information("Restore plan for '{0}': {1} statement(s); nothing was run. Pass --{2} to run them.", environment.Name, plan.Statements.Count, ArgumentNames.Apply);
            return;
        }

        if (environment.Kind != EnvironmentKind.Sandbox && !context.Settings.AutoApprove)
        {
            Console.Error.Write($"Run these {plan.Statements.Count} statement(s) in '{environment.Name}'? Only 'yes' runs them: ");
            if (Console.In.ReadLine()?.Trim() != "yes")
            {
                throw new ToolkitException("Restore was not run: the plan was not confirmed (only 'yes' runs it); nothing was changed.");
            }
        }

        await RestorePlanner.ApplyAsync(plan, run, line => context.Information("{0}", line));
    }
}
