namespace ProjectScout.Sandbox.Hosting;

/// <summary>Which control plane a request was addressed to (each listens on its own port).</summary>
public enum SandboxService
{
    Arm,
    Databricks,
}

/// <summary>Endpoint metadata: the operation name faults and the request log refer to, e.g. "jobs/create" or "arm/deployments/put".</summary>
public sealed record SandboxOperation(SandboxService Service, string Name);
