namespace ProjectScout.Sandbox.Hosting;

/// <summary>
/// A request the service refuses. Thrown by handlers; the pipeline writes it in the shape of the service that was
/// called: ARM <c>{"error":{code,message,target?,details[]}}</c>, Databricks <c>{error_code,message}</c>.
/// </summary>
public sealed class SandboxApiException(int status, string code, string message, string? target = null) : Exception(message)
{
    public int Status { get; } = status;
    public string Code { get; } = code;
    public string? Target { get; } = target;
}
