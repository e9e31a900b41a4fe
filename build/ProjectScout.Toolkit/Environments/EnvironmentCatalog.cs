using ProjectScout.Model.Diagnostics;
using ProjectScout.Model.Environments;
using ProjectScout.Toolkit.IO;
using YamlDotNet.RepresentationModel;
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

    /// <summary>The environment names that have a file, sorted (the defaults file is not an environment).</summary>
    public IReadOnlyList<string> Names =>
        Directory.Exists(directory)
            ? Directory.GetFiles(directory, "*" + Extension).Select(Path.GetFileNameWithoutExtension).OfType<string>()
                .Where(n => n != EnvironmentDefaults.Name).Order(StringComparer.Ordinal).ToList()
            : [];

    public string PathOf(string name) => Path.Combine(directory, name + Extension);

    /// <summary>templates/environments/defaults.yaml: merged beneath every environment file when it exists.</summary>
    public string DefaultsPath => Path.Combine(directory, EnvironmentDefaults.FileName);

    /// <summary>The files an environment is read from (the defaults, then its own): what a change to the environment hashes.</summary>
    public IReadOnlyList<string> FilesOf(string name) => [.. File.Exists(DefaultsPath) ? [DefaultsPath] : Array.Empty<string>(), PathOf(name)];

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
        if (name == EnvironmentDefaults.Name || !File.Exists(path))
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
        // Each file is read on its own first, so a syntax error, a wrong type or an unknown setting is named in its file.
        var read = Read(path);
        var defaults = File.Exists(DefaultsPath) ? Read(DefaultsPath) : null;
        var stops = new[] { defaults?.Problem, read.Problem }.OfType<Problem>().ToList();
        if (stops.Count > 0)
        {
            // Syntax and type errors stop the load: nothing after them can be trusted.
            return (null, stops);
        }

        var (definition, locations) = (read.Document, read.Locations!);
        if (definition is null)
        {
            return (null, [new Problem(shown, 1, 1, "env.empty", "The environment file is empty; copy templates/environments/dev.yaml as a start.")]);
        }

        if (defaults?.Document is not null)
        {
            var shared = EnvironmentDefaults.EnvironmentOnly(RootOf(DefaultsPath));
            if (shared.Count > 0)
            {
                return (null, shared.Select(s => new Problem(_display(DefaultsPath), (int)s.Node.Start.Line, (int)s.Node.Start.Column, "env.defaults-identity",
                    $"'{s.Key}' belongs to each environment, not to {EnvironmentDefaults.FileName}: move it into every environment file.")).ToList());
            }

            (definition, locations) = Merged(DefaultsPath, path);
        }

        positions = locations;

        definition.SourceFile = shown;
        var problems = new EnvironmentValidator(definition, locations, shown, expectedName, clusterProfiles?.Invoke()).Validate();
        return (definition, problems);
    }

    private YamlRead<EnvironmentDefinition> Read(string path) =>
        YamlFile.Read<EnvironmentDefinition>(path, _display(path), "env", Deserializer, message => $"{Describe(message)} Fix the YAML at this position.");

    /// <summary>The environment file deep-merged over the defaults (both already read without problems); each value located in its own file.</summary>
    private (EnvironmentDefinition Definition, YamlLocations Locations) Merged(string defaultsPath, string path)
    {
        var defaults = RootOf(defaultsPath);
        var merged = EnvironmentDefaults.Merge(defaults, RootOf(path));
        var fromDefaults = EnvironmentDefaults.Nodes(defaults);
        var shownDefaults = _display(defaultsPath);
        var text = new StringWriter();
        new YamlStream(new YamlDocument(merged)).Save(text, assignAnchors: false);
        return (Deserializer.Deserialize<EnvironmentDefinition>(text.ToString()), YamlLocations.Of(merged, node => fromDefaults.Contains(node) ? shownDefaults : null));
    }

    private static YamlMappingNode RootOf(string path)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(path)));
        return stream.Documents.FirstOrDefault()?.RootNode as YamlMappingNode ?? new YamlMappingNode();
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
