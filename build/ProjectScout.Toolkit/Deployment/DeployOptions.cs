namespace ProjectScout.Toolkit.Deployment;

/// <summary>The switches of one deploy run (from RunSettings) and who is deploying.</summary>
public sealed record DeployOptions
{
    public bool WhatIf { get; init; }
    public bool AllowDelete { get; init; }

    /// <summary>Complete mode: resources of the group that no phase declares are deleted (stateful ones only with <see cref="AllowDelete"/>).</summary>
    public bool Complete { get; init; }

    /// <summary>--accept-breaking: resources (by name) whose consumer-breaking adoption changes go ahead.</summary>
    public IReadOnlyList<string> AcceptBreaking { get; init; } = [];
    public string RunId { get; init; } = "";

    /// <summary>
    /// Run the environment's daily job once after the last phase (and in Verify) and require SUCCESS: always in the
    /// sandbox, with --smoke-run in a real environment (a real run costs cluster time and writes the lake).
    /// </summary>
    public bool SmokeRun { get; init; }

    /// <summary>How often the smoke run's state is read (the sandbox's runs take well under a second).</summary>
    public TimeSpan SmokeRunPollInterval { get; init; } = TimeSpan.FromSeconds(30);
    public string Owner { get; init; } = $"{Environment.UserName}@{Environment.MachineName} pid {Environment.ProcessId}";
    public string Version { get; init; } = "";
    public string Commit { get; init; } = "";
    public LockSettings Lock { get; init; } = new();

    /// <summary>--plan=&lt;file&gt;: each phase's plan must be exactly the saved one, or the run stops before writing.</summary>
    public PlanDocument? SavedPlan { get; init; }

    /// <summary>Asks whether to apply a plan with changes (a real environment on a terminal); null: apply without asking.</summary>
    public Func<PhasePlan, bool>? Confirm { get; init; }

    /// <summary>How often a running ARM deployment's operations are read and "Still deploying…" is printed.</summary>
    public TimeSpan ProgressInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Writes an Azure Pipelines logging command on a line of its own (##vso[…]); null outside Azure Pipelines.</summary>
    public Action<string>? PipelineCommand { get; init; }

    /// <summary>The environment's declared access (governance.yaml, contracts, principals) the workspace plane reconciles; null: none.</summary>
    public Governance.AccessDesired? Access { get; init; }
}

/// <summary>What a phase run did.</summary>
public sealed record PhaseOutcome(PhasePlan Plan, bool Applied, bool Recorded);
