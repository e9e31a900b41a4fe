using Cake.Core.Diagnostics;

namespace ProjectScout.Build.Hosting;

/// <summary>
/// The Frosting-compatible command line: host options are recognised here, every other <c>--key=value</c> reaches
/// the context as a Cake argument. A bare flag (<c>--what-if</c>) is stored as "true", so typed reads never see null.
/// When the build declares its arguments, an undeclared one is an error naming the closest known argument; a
/// <c>--Section_Key=value</c> (cake.config's form) always passes. PowerShell's spellings are accepted with one dash:
/// <c>-WhatIf</c> is <c>--what-if</c>, <c>-Environment dev</c> is <c>--environment=dev</c>, <c>-Target:Validate</c> is
/// <c>--target=Validate</c> (case and dashes ignored); two dashes must name an argument exactly.
/// </summary>
public sealed record CommandLine
{
    public const string DefaultTarget = "Package";

    public IReadOnlyList<string> Targets { get; init; } = [];
    public Verbosity Verbosity { get; init; } = Verbosity.Normal;
    public bool Exclusive { get; init; }
    public bool Tree { get; init; }

    /// <summary>With <see cref="Tree"/>: list the internal plumbing tasks too, not only the public targets.</summary>
    public bool All { get; init; }
    public bool Help { get; init; }
    public bool Version { get; init; }
    public ILookup<string, string> Arguments { get; init; } = Array.Empty<string>().ToLookup(x => x);

    public IReadOnlyList<string> EffectiveTargets => Targets.Count > 0 ? Targets : [DefaultTarget];

    /// <param name="declared">The build's own arguments; null lets every argument through (as Frosting does).</param>
    public static CommandLine Parse(IReadOnlyList<string> args, IReadOnlyList<ArgumentSpec>? declared = null)
    {
        var targets = new List<string>();
        var pairs = new List<KeyValuePair<string, string>>();
        var verbosity = Verbosity.Normal;
        bool exclusive = false, tree = false, all = false, help = false, version = false;

        for (var i = 0; i < args.Count; i++)
        {
            var token = args[i];
            if (!token.StartsWith('-'))
            {
                // `./build.sh Validate` reads naturally; treat a bare word as the target.
                targets.Add(token);
                continue;
            }

            var body = token.TrimStart('-');
            // One dash is PowerShell's spelling (build.ps1 passes its arguments through): -WhatIf, -Target:Validate.
            var powerShell = !token.StartsWith("--", StringComparison.Ordinal);
            string key;
            string? value = null;
            var equals = body.IndexOfAny(powerShell ? ['=', ':'] : ['=']);
            if (equals >= 0)
            {
                key = body[..equals];
                value = body[(equals + 1)..];
            }
            else
            {
                key = body;
            }

            key = key.ToLowerInvariant() switch
            {
                "t" => "target",
                "v" => "verbosity",
                "e" => "exclusive",
                "h" or "?" => "help",
                var k => k,
            };

            if (key.Length == 0)
            {
                throw new CommandLineException($"Argument '{token}' has no name; use --name=value.");
            }

            var takesValue = key is "target" or "verbosity";
            if (value is null && takesValue)
            {
                if (i + 1 >= args.Count || args[i + 1].StartsWith('-'))
                {
                    throw new CommandLineException($"Argument --{key} needs a value, e.g. --{key}=<value>.");
                }

                value = args[++i];
            }

            switch (key)
            {
                case "target":
                    targets.Add(value!);
                    break;
                case "verbosity":
                    verbosity = ParseVerbosity(value!);
                    break;
                case "exclusive":
                    exclusive = ParseFlag(key, value);
                    break;
                case "tree":
                    tree = ParseFlag(key, value);
                    break;
                case "all":
                    all = ParseFlag(key, value);
                    break;
                case "help":
                    help = ParseFlag(key, value);
                    break;
                case "version":
                    version = ParseFlag(key, value);
                    break;
                default:
                    var spec = declared?.FirstOrDefault(d => string.Equals(d.Name, key, StringComparison.OrdinalIgnoreCase))
                        ?? (powerShell ? declared?.FirstOrDefault(d => ArgumentSpec.SameIgnoringDashes(d.Name, key)) : null);
                    key = spec?.Name ?? key;
                    if (declared is not null && spec is null && !key.Contains('_', StringComparison.Ordinal))
                    {
                        var closest = ArgumentSpec.Closest(key, ArgumentSpec.HostOptions.Concat(declared));
                        throw new CommandLineException($"Unknown argument '{token.Split('=')[0]}': did you mean --{closest}? (--help lists every argument)");
                    }

                    // Other options reach the context; `--key value` is accepted like `--key=value`, except after a declared flag.
                    if (value is null && spec is not { IsFlag: true } && i + 1 < args.Count && !args[i + 1].StartsWith('-'))
                    {
                        value = args[++i];
                    }

                    pairs.Add(new(key, value ?? "true"));
                    break;
            }
        }

        return new CommandLine
        {
            Targets = targets,
            Verbosity = verbosity,
            Exclusive = exclusive,
            Tree = tree,
            All = all,
            Help = help,
            Version = version,
            Arguments = pairs.ToLookup(p => p.Key, p => p.Value, StringComparer.OrdinalIgnoreCase),
        };
    }

    private static bool ParseFlag(string key, string? value) =>
        value is null || bool.TryParse(value, out var flag) && flag
            ? true
            : value is not null && bool.TryParse(value, out _)
                ? false
                : throw new CommandLineException($"Argument --{key} takes true or false, not '{value}'.");

    private static Verbosity ParseVerbosity(string value) => value.ToLowerInvariant() switch
    {
        "q" or "quiet" => Verbosity.Quiet,
        "m" or "minimal" => Verbosity.Minimal,
        "n" or "normal" => Verbosity.Normal,
        "v" or "verbose" => Verbosity.Verbose,
        "d" or "diagnostic" => Verbosity.Diagnostic,
        _ => throw new CommandLineException($"Unknown verbosity '{value}' (argument --verbosity). Valid values: quiet, minimal, normal, verbose, diagnostic."),
    };
}

public sealed class CommandLineException(string message) : Exception(message);
