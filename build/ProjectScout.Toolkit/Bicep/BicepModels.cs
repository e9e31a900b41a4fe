using System.Text.Json.Nodes;
using ProjectScout.Model.Diagnostics;

namespace ProjectScout.Toolkit.Bicep;

public enum BicepDiagnosticLevel
{
    Info,
    Warning,
    Error,
}

/// <summary>
/// One Bicep diagnostic as the CLI reports it over JSON-RPC, with the position already converted to 1-based
/// line/column (the RPC range is 0-based; the CLI's text output and every editor are 1-based).
/// </summary>
public sealed record BicepDiagnostic(string Source, int Line, int Column, BicepDiagnosticLevel Level, string Code, string Message)
{
    /// <summary>The toolkit's problem form: <c>file(line,col) code: message</c>. Info is reported as a warning.</summary>
    public Problem ToProblem(Func<string, string>? display = null) =>
        new(display is null ? Source : display(Source), Line, Column, Code, Message,
            Level == BicepDiagnosticLevel.Error ? Severity.Error : Severity.Warning);

    public override string ToString() => $"{Source}({Line},{Column}) : {Level} {Code}: {Message}";
}

/// <summary>Result of <c>bicep/compile</c>: the ARM template JSON when it compiled, and every diagnostic (modules included).</summary>
public sealed record BicepCompileResult(bool Success, IReadOnlyList<BicepDiagnostic> Diagnostics, string? Template)
{
    public bool HasErrors => Diagnostics.Any(d => d.Level == BicepDiagnosticLevel.Error);
}

/// <summary>Result of <c>bicep/compileParams</c>: the ARM parameters JSON and the template the <c>using</c> points at.</summary>
public sealed record BicepParamsResult(bool Success, IReadOnlyList<BicepDiagnostic> Diagnostics, string? Parameters, string? Template)
{
    public bool HasErrors => Diagnostics.Any(d => d.Level == BicepDiagnosticLevel.Error);
}

/// <summary>
/// The deployment context a snapshot is evaluated in: what <c>subscription()</c>, <c>resourceGroup()</c>,
/// <c>tenant()</c> and <c>deployment()</c> return. Nothing is sent to Azure.
/// </summary>
public sealed record SnapshotMetadata(
    string SubscriptionId,
    string ResourceGroup,
    string Location,
    string? TenantId = null,
    string? DeploymentName = null);

/// <summary>
/// What <c>bicep/getSnapshot</c> predicts a deployment would create: the flattened resources (modules expanded,
/// expressions evaluated where possible), the outputs, and the snapshot's own diagnostics.
/// </summary>
public sealed record BicepSnapshot(IReadOnlyList<JsonObject> PredictedResources, JsonObject Outputs, IReadOnlyList<BicepDiagnostic> Diagnostics, string Json)
{
    /// <summary>The predicted resources of one type (case-insensitive), in snapshot order.</summary>
    public IEnumerable<JsonObject> OfType(string resourceType) =>
        PredictedResources.Where(r => string.Equals((string?)r["type"], resourceType, StringComparison.OrdinalIgnoreCase));
}

/// <summary>The Bicep process failed a request (crashed, or answered with a JSON-RPC error).</summary>
public sealed class BicepRpcException(string method, string message, Exception? inner = null)
    : Exception($"bicep {method}: {message}", inner)
{
    public string Method { get; } = method;
}
