using ProjectScout.Model.Diagnostics;
using ProjectScout.Model.Environments;
using ProjectScout.Toolkit.IO;
using YamlDotNet.Serialization.NamingConventions;
using YamlDotNet.Serialization;

namespace ProjectScout.Toolkit.Environments;

/// <summary>
/// Finds, loads and validates the environment files under templates/environments/. <paramref name="clusterProfiles"/>
/// gives the cluster profile keys the lakehouse declaration names (asked when the first file is validated): each must
/// be sized, no other key may be.
/// </summary>
public sealed class EnvironmentCatalog(string directory, Func<string, string>? displayPath = null, Func<IReadOnlyCollection<string>>? clusterProfiles = null)
{
    public const string Extension = ProjectScout.Model.Environments.EnvironmentFiles.Extension;

    private readonly Func<string, string> _display = displayPath ?? (p => p);

    /// <summary>The environment names that have a file, sorted.</summary>
    public IReadOnlyList<string> Names =>
        Directory.Exists(directory)
            ? Directory.GetFiles(directory, "*" + Extension).Select(Path.GetFileNameWithoutExtension).OfType<string>()
                .Order(StringComparer.Ordinal).ToList()
            : [];

    public string PathOf(string name) => Path.Combine(directory, name + Extension);

    /// <summary>Loads and validates one environment; throws <see cref="ProblemsException"/> listing every problem.</summary>
    public EnvironmentDefinition Load(string name)
    {
        var (definition, problems) = TryLoad(name);
        ProblemsException.ThrowIfAny(problems);
        return definition!;
    }

    public (EnvironmentDefinition? Definition, IReadOnlyList<Problem> Problems) TryLoad(string name)
    {
        var path = PathOf(name);
        if (!File.Exists(path))
        {
            throw new ToolkitException(UnknownEnvironmentMessage(name));
        }

        return LoadFile(path, name);
    }

    public string UnknownEnvironmentMessage(string name) => UnknownEnvironmentMessage(name, Names);

    public static string UnknownEnvironmentMessage(string name, IEnumerable<string> known) =>
        $"Unknown environment '{name}' (argument --{Configuration.ArgumentNames.Environment}). Valid values: {string.Join(", ", known)}.";

    /// <summary>
    /// Loads and validates every file, then checks them against each other (catalog names unique per region); each
    /// file's problems include the cross-file ones found in it.
    /// </summary>
    public IReadOnlyList<(string Name, EnvironmentDefinition? Definition, IReadOnlyList<Problem> Problems)> LoadAll()
    {
        var loaded = Names.Select(name => (Name: name, Result: LoadFile(PathOf(name), name, out var locations), Locations: locations)).ToList();
        var clashes = CatalogClashes.Find(loaded.Where(l => l.Result.Definition is not null).Select(l => (l.Result.Definition!, l.Locations!)));
        return loaded.Select(l => (l.Name, l.Result.Definition,
            (IReadOnlyList<Problem>)[.. l.Result.Problems, .. clashes.Where(c => l.Result.Definition is { } d && c.File == d.SourceFile)])).ToList();
    }

    /// <summary>Parses and validates a file; all problems are returned together, each with file and line.</summary>
    public (EnvironmentDefinition? Definition, IReadOnlyList<Problem> Problems) LoadFile(string path, string expectedName) =>
        LoadFile(path, expectedName, out _);

    private (EnvironmentDefinition? Definition, IReadOnlyList<Problem> Problems) LoadFile(string path, string expectedName, out YamlLocations? positions)
    {
        positions = null;
        var shown = _display(path);
        var read = YamlFile.Read<EnvironmentDefinition>(path, shown, "env", Deserializer, message => $"{Describe(message)} Fix the YAML at this position.");
        if (read.Problem is { } stop)
        {
            // Syntax and type errors stop the load: nothing after them can be trusted.
            return (null, [stop]);
        }

        var (definition, locations) = (read.Document, read.Locations!);
        positions = locations;
        if (definition is null)
        {
            return (null, [new Problem(shown, 1, 1, "env.empty", "The environment file is empty; copy templates/environments/dev.yaml as a start.")]);
        }

        definition.SourceFile = shown;
        var problems = new EnvironmentValidator(definition, locations, shown, expectedName, clusterProfiles?.Invoke()).Validate();
        return (definition, problems);
    }

    private static string Describe(string yamlMessage) =>
        yamlMessage.Contains("not found on type", StringComparison.Ordinal)
            ? "Unknown setting: " + yamlMessage.Split('\'').Skip(1).FirstOrDefault() + " is not an environment setting (check the spelling against docs/environments.md)."
            : yamlMessage.TrimEnd('.') + ".";

    private static readonly IDeserializer Deserializer = new DeserializerBuilder()
        .WithNamingConvention(CamelCaseNamingConvention.Instance)
        .WithEnumNamingConvention(LowerCaseNamingConvention.Instance)
        .Build();
}
