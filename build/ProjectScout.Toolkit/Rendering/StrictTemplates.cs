using System.Collections;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json.Nodes;
using System.Text.Json;
using System.Text;
using ProjectScout.Model.Diagnostics;
using ProjectScout.Toolkit.IO;
using Scriban.Parsing;
using Scriban.Runtime;
using Scriban.Syntax;
using Scriban;

namespace ProjectScout.Toolkit.Rendering;

/// <summary>
/// Scriban for trusted code generation, configured strictly: an unknown variable or member is an error naming the
/// template and line, output is LF, includes resolve only inside the template root, and templates are parsed once.
/// </summary>
public sealed class StrictTemplates(string root, Func<string, string> display)
{
    private readonly Dictionary<string, Template> _parsed = new(StringComparer.Ordinal);

    public string Root { get; } = Path.GetFullPath(root);

    /// <summary>
    /// Renders <paramref name="path"/> with <paramref name="model"/> as globals, <paramref name="locals"/> (if any) on
    /// top of them; problems are added, never thrown.
    /// </summary>
    public string? Render(string path, ScriptObject model, List<Problem> problems, ScriptObject? locals = null)
    {
        var template = Parse(path, problems);
        if (template is null)
        {
            return null;
        }

        var context = new TemplateContext
        {
            StrictVariables = true,
            EnableRelaxedMemberAccess = false,
            NewLine = "\n",
            LoopLimit = 0,
            RecursiveLimit = 50,
            TemplateLoader = new RootedLoader(Root),
            MemberRenamer = member => member.Name,
        };
        context.PushGlobal(Helpers.Create());
        context.PushGlobal(model);
        if (locals is not null)
        {
            context.PushGlobal(locals);
        }

        try
        {
            return GeneratedFiles.NormalizeNewlines(template.Render(context));
        }
        catch (ScriptRuntimeException ex)
        {
            problems.Add(At(ex.Span, path, "render.template", ex.OriginalMessage));
            return null;
        }
    }

    private Template? Parse(string path, List<Problem> problems)
    {
        if (_parsed.TryGetValue(path, out var cached))
        {
            return cached;
        }

        var text = GeneratedFiles.NormalizeNewlines(File.ReadAllText(path));
        var template = Template.Parse(text, path);
        if (template.HasErrors)
        {
            foreach (var message in template.Messages.Where(m => m.Type == ParserMessageType.Error))
            {
                problems.Add(At(message.Span, path, "render.parse", message.Message));
            }

            return null;
        }

        _parsed[path] = template;
        return template;
    }

    private Problem At(SourceSpan span, string fallbackFile, string code, string message)
    {
        var file = string.IsNullOrEmpty(span.FileName) ? fallbackFile : span.FileName;
        return new Problem(display(file), span.Start.Line + 1, span.Start.Column + 1, code, message);
    }

    /// <summary>Converts a JSON tree into Scriban objects, keeping the JSON (camelCase) member names.</summary>
    public static object? ToScript(JsonNode? node) => node switch
    {
        null => null,
        JsonObject o => o.Aggregate(new ScriptObject(), (so, p) =>
        {
            so.Add(p.Key, ToScript(p.Value));
            return so;
        }),
        JsonArray a => new ScriptArray(a.Select(ToScript)),
        JsonValue v when v.TryGetValue<bool>(out var b) => b,
        JsonValue v when v.TryGetValue<long>(out var l) => l,
        JsonValue v when v.TryGetValue<double>(out var d) => d,
        JsonValue v => v.ToString(),
        _ => node.ToJsonString(),
    };

    private sealed class RootedLoader(string root) : ITemplateLoader
    {
        public string GetPath(TemplateContext context, SourceSpan callerSpan, string templateName)
        {
            var full = Path.GetFullPath(Path.Combine(root, templateName));
            if (!full.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                throw new ScriptRuntimeException(callerSpan, $"include '{templateName}' is outside the template folder");
            }

            return full;
        }

        public string Load(TemplateContext context, SourceSpan callerSpan, string templatePath)
        {
            if (!File.Exists(templatePath))
            {
                throw new ScriptRuntimeException(callerSpan, $"include file '{templatePath}' does not exist");
            }

            return GeneratedFiles.NormalizeNewlines(File.ReadAllText(templatePath));
        }

        public ValueTask<string?> LoadAsync(TemplateContext context, SourceSpan callerSpan, string templatePath) => new(Load(context, callerSpan, templatePath));
    }
}

/// <summary>Functions available to every template: literal encoders so values never break the target language.</summary>
public static class Helpers
{
    private static readonly JsonSerializerOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static ScriptObject Create()
    {
        var helpers = new ScriptObject();
        helpers.Import("json", new Func<object?, string>(Json));
        helpers.Import("py", new Func<object?, string>(Python));
        helpers.Import("merge", new Func<ScriptObject, ScriptObject, ScriptObject>(Merge));
        return helpers;
    }

    /// <summary>A new object with <paramref name="first"/>'s members, then <paramref name="second"/>'s (which win); neither is changed.</summary>
    public static ScriptObject Merge(ScriptObject first, ScriptObject second)
    {
        var merged = new ScriptObject();
        foreach (var (key, value) in first.Concat(second))
        {
            merged.SetValue(key, value, false);
        }

        return merged;
    }

    /// <summary>A JSON literal of any model value (string, number, bool, list, object).</summary>
    public static string Json(object? value) => ToNode(value)?.ToJsonString(Compact) ?? "null";

    /// <summary>A Python literal: strings, numbers, lists and dicts as JSON (valid Python), booleans and null spelled the Python way.</summary>
    public static string Python(object? value) => value switch
    {
        null => "None",
        bool b => b ? "True" : "False",
        string s => Json(s),
        IFormattable f when value is not bool => f.ToString(null, CultureInfo.InvariantCulture),
        ScriptObject o => "{" + string.Join(", ", o.Select(p => Json(p.Key) + ": " + Python(p.Value))) + "}",
        IEnumerable e => "[" + string.Join(", ", e.Cast<object?>().Select(Python)) + "]",
        _ => Json(value.ToString()),
    };

    private static JsonNode? ToNode(object? value) => value switch
    {
        null => null,
        string s => JsonValue.Create(s),
        bool b => JsonValue.Create(b),
        int i => JsonValue.Create(i),
        long l => JsonValue.Create(l),
        double d => JsonValue.Create(d),
        ScriptObject o => new JsonObject(o.Select(p => KeyValuePair.Create(p.Key, ToNode(p.Value)))),
        IEnumerable e => new JsonArray(e.Cast<object?>().Select(ToNode).ToArray()),
        _ => JsonValue.Create(Convert.ToString(value, CultureInfo.InvariantCulture)),
    };
}
