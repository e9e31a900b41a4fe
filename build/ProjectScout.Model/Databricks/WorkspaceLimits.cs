namespace ProjectScout.Model.Databricks;

/// <summary>Limits of the Databricks workspace API that the offline checks and the sandbox both enforce.</summary>
public static class WorkspaceLimits
{
    /// <summary>workspace/import accepts at most this many bytes of base64-encoded content.</summary>
    public const long ImportBytes = 10L * 1024 * 1024;

    /// <summary>The base64-encoded size of <paramref name="contentBytes"/> bytes (what the import limit counts).</summary>
    public static long EncodedSize(long contentBytes) => (contentBytes + 2) / 3 * 4;
}
