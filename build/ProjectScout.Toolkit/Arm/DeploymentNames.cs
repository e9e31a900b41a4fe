using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace ProjectScout.Toolkit.Arm;

/// <summary>
/// Deterministic ARM deployment names: the same template and parameters give the same name, so re-runs reuse one
/// history entry instead of filling the 800-entry deployment history with timestamps.
/// </summary>
public static partial class DeploymentNames
{
    public const int MaxLength = 64;

    [GeneratedRegex(@"^[-\w\._\(\)]+$")]
    private static partial Regex Allowed();

    [GeneratedRegex(@"[^-\w\._\(\)]")]
    private static partial Regex Disallowed();

    /// <summary>projectscout-&lt;env&gt;-phase&lt;N&gt;-&lt;12 hex of the content hash&gt;, shortened to 64 characters.</summary>
    public static string For(string environment, int phase, string templateJson, string parametersJson)
    {
        var hash = IO.GeneratedFiles.Sha256(templateJson + "\n\u0000\n" + parametersJson)[..12];
        var suffix = $"-phase{phase}-{hash}";
        var prefix = Disallowed().Replace($"projectscout-{environment}", "-");
        if (prefix.Length + suffix.Length > MaxLength)
        {
            prefix = prefix[..(MaxLength - suffix.Length)];
        }

        return prefix + suffix;
    }

    public static bool IsValid(string name) => name.Length is > 0 and <= MaxLength && Allowed().IsMatch(name);
}
