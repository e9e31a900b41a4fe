using ProjectScout.Model.Diagnostics;
using ProjectScout.Model.Environments;
using ProjectScout.Toolkit.Environments;
using YamlDotNet.Core.Events;
using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace ProjectScout.Toolkit.IO;

/// <summary>What reading one YAML input file gave: the typed document and where each value sits, or the one problem that stopped it.</summary>
public sealed record YamlRead<T>(T? Document, YamlLocations? Locations, Problem? Problem)
    where T : class;

/// <summary>
/// Reads the toolkit's YAML inputs (environments, contracts, the lakehouse declaration) in one bounded way: a size cap,
/// anchors and aliases refused before anything is built (a few hundred bytes of nested aliases expand to gigabytes in a
/// parser that follows them), and syntax errors as one problem at their line.
/// </summary>
public static class YamlFile
{
    /// <summary>The largest input accepted; the biggest shipped file is a few KiB.</summary>
    public const long MaxBytes = 256 * 1024;

    /// <param name="code">The problem-code prefix of the file kind, e.g. <c>env</c> or <c>contract</c>.</param>
    /// <param name="describe">Turns YamlDotNet's message into the file kind's own wording (e.g. an unknown field).</param>
    public static YamlRead<T> Read<T>(string path, string shown, string code, IDeserializer deserializer, Func<string, string> describe)
        where T : class
    {
        var size = new FileInfo(path).Length;
        if (size > MaxBytes)
        {
            return Failed<T>(shown, 1, 1, code, $"the file is {size / 1024} KiB; inputs are capped at {MaxBytes / 1024} KiB. Split it or remove what does not belong in it.");
        }

        var text = File.ReadAllText(path);
        try
        {
            if (FirstAnchorOrAlias(text) is { } mark)
            {
                return Failed<T>(shown, (int)mark.Line, (int)mark.Column, code,
                    "YAML anchors and aliases (&name, *name) are not accepted in toolkit inputs; write the value out where it is used.");
            }

            var locations = YamlLocations.Read(text);
            return new YamlRead<T>(deserializer.Deserialize<T>(text), locations, null);
        }
        catch (YamlException ex)
        {
            var message = (ex.InnerException?.Message ?? ex.Message).Split('\n')[0];
            return Failed<T>(shown, (int)ex.Start.Line, (int)ex.Start.Column, code, describe(message));
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet throws this, without a position, for some unclosed flow collections.
            var (line, column) = YamlLocations.LastReadablePosition(text);
            return Failed<T>(shown, line, column, code, "malformed YAML (an unclosed [ or { ?); fix the YAML at this position.");
        }
    }

    private static Mark? FirstAnchorOrAlias(string text)
    {
        var parser = new Parser(new StringReader(text));
        while (parser.MoveNext())
        {
            switch (parser.Current)
            {
                case AnchorAlias alias:
                    return alias.Start;
                case NodeEvent { Anchor.IsEmpty: false } anchored:
                    return anchored.Start;
            }
        }

        return null;
    }

    private static YamlRead<T> Failed<T>(string shown, int line, int column, string code, string message)
        where T : class =>
        new(null, null, new Problem(shown, line, column, code + ".syntax", message));
}
