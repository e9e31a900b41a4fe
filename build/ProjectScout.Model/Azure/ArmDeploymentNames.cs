using System.Text.RegularExpressions;

namespace ProjectScout.Model.Azure;

/// <summary>What Azure Resource Manager accepts as a deployment name: 1-64 letters, digits, '-', '_', '.', '(' and ')'.</summary>
public static partial class ArmDeploymentNames
{
    public const int MaxLength = 64;

    [GeneratedRegex(@"^[-\w\._\(\)]+$")]
    private static partial Regex Allowed();

    [GeneratedRegex(@"[^-\w\._\(\)]")]
    private static partial Regex Disallowed();

    public static bool IsValid(string name) => name.Length is > 0 and <= MaxLength && Allowed().IsMatch(name);

    /// <summary><paramref name="text"/> with every character ARM refuses replaced by '-'.</summary>
    public static string Sanitize(string text) => Disallowed().Replace(text, "-");
}
