using System.Globalization;

namespace ProjectScout.Toolkit.Deployment;

/// <summary>
/// "Phase N is deployed and verified", kept as a tag on the environment's resource group so a pipeline on any agent
/// sees it: the deployment name (which carries the content hash), toolkit version, commit, time and pipeline run.
/// </summary>
public sealed record PhaseRecord(int Phase, string Deployment, string Version, string Commit, DateTimeOffset Time, string RunId)
{
    public static string TagName(int phase) => $"projectscout-phase{phase}";

    public string Format()
    {
        var value = $"deployment={Deployment};version={Clean(Version, 40)};commit={Clean(Commit, 40)};time={Time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)};run={Clean(RunId, 40)}";
        return value.Length <= 256 ? value : value[..256];
    }

    public static PhaseRecord? Read(IReadOnlyDictionary<string, string>? tags, int phase)
    {
        if (tags is null || !tags.TryGetValue(TagName(phase), out var value))
        {
            return null;
        }

        var parts = value.Split(';').Select(p => p.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
        DateTimeOffset.TryParse(parts.GetValueOrDefault("time"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time);
        return new PhaseRecord(phase, parts.GetValueOrDefault("deployment", ""), parts.GetValueOrDefault("version", ""), parts.GetValueOrDefault("commit", ""), time, parts.GetValueOrDefault("run", ""));
    }

    private static string Clean(string text, int max)
    {
        var clean = text.Replace(";", ",").Replace("=", "-");
        return clean.Length <= max ? clean : clean[..max];
    }
}
