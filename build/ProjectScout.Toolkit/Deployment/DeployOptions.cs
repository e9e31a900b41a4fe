namespace ProjectScout.Toolkit.Deployment;

/// <summary>The switches of one deploy run (from RunSettings) and who is deploying.</summary>
public sealed record DeployOptions
{
    public bool WhatIf { get; init; }
    public bool AllowDelete { get; init; }
    public string RunId { get; init; } = "";
    public string Owner { get; init; } = $"{Environment.UserName}@{Environment.MachineName} pid {Environment.ProcessId}";
    public string Version { get; init; } = "";
    public string Commit { get; init; } = "";
    public LockSettings Lock { get; init; } = new();
}

/// <summary>What a phase run did.</summary>
public sealed record PhaseOutcome(PhasePlan Plan, bool Applied, bool Recorded);
