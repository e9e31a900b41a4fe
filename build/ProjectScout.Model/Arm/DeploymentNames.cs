using ProjectScout.Model.Azure;

namespace ProjectScout.Model.Arm;

/// <summary>
/// Deterministic ARM deployment names: the same template and parameters give the same name, so re-runs reuse one
/// history entry instead of filling the 800-entry deployment history with timestamps.
/// </summary>
public static class DeploymentNames
{
    /// <summary>projectscout-&lt;env&gt;-phase&lt;N&gt;-&lt;12 hex of the content hash&gt;, shortened to 64 characters.</summary>
    public static string For(string environment, int phase, string templateJson, string parametersJson)
    {
        var hash = ProjectScout.Model.Hashing.Sha256Hex.Of(templateJson + "\n\u0000\n" + parametersJson)[..12];
        var suffix = $"-phase{phase}-{hash}";
        var prefix = ArmDeploymentNames.Sanitize($"projectscout-{environment}");
        if (prefix.Length + suffix.Length > ArmDeploymentNames.MaxLength)
        {
            prefix = prefix[..(ArmDeploymentNames.MaxLength - suffix.Length)];
        }

        return prefix + suffix;
    }
}
