using System.Text;
using System.Text.Json.Nodes;
using ProjectScout.Sandbox.Hosting;

namespace ProjectScout.Sandbox.Databricks;

/// <summary>Workspace objects: directories, notebooks and files (import, export, list, get-status, delete).</summary>
internal sealed partial class DatabricksStore
{
    // ---------------------------------------------------------------- workspace

    public static string NormalizePath(string? path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            throw Invalid("Path must be provided.");
        }

        if (!path.StartsWith('/'))
        {
            throw Invalid($"Path ({path}) must be absolute.");
        }

        if (path.Split('/').Any(segment => segment is "." or ".."))
        {
            throw Invalid($"Path ({path}) must not contain '.' or '..' segments.");
        }

        var trimmed = path.Length > 1 ? path.TrimEnd('/') : path;
        return trimmed.Length == 0 ? "/" : trimmed;
    }

    private static string ParentOf(string path)
    {
        var index = path.LastIndexOf('/');
        return index <= 0 ? "/" : path[..index];
    }

    private WorkspaceObject NewObject(string path, string type, string? language, byte[]? content)
    {
        var now = Now;
        return new WorkspaceObject
        {
            Path = path,
            ObjectType = type,
            Language = language,
            ObjectId = _state.NextObjectId++,
            CreatedAt = now,
            ModifiedAt = now,
            ContentSha256 = content is null ? null : _blobs.Put(content),
            Size = content?.LongLength,
        };
    }

    public JsonObject Mkdirs(JsonObject body) => Write(() =>
    {
        var path = NormalizePath((string?)body["path"]);
        var chain = new List<string>();
        for (var current = path; ; current = ParentOf(current))
        {
            chain.Add(current);
            if (current == "/")
            {
                break;
            }
        }

        chain.Reverse();
        foreach (var directory in chain)
        {
            if (_state.Workspace.TryGetValue(directory, out var existing))
            {
                if (existing.ObjectType != "DIRECTORY")
                {
                    throw AlreadyExists($"Node named '{directory}' already exists and is not a directory.");
                }

                continue;
            }

            _state.Workspace[directory] = NewObject(directory, "DIRECTORY", null, null);
        }

        return new JsonObject();
    });

    public JsonObject Import(JsonObject body) => Write(() =>
    {
        var path = NormalizePath((string?)body["path"]);
        var format = (string?)body["format"] ?? "SOURCE";
        var language = (string?)body["language"];
        var overwrite = (bool?)body["overwrite"] ?? false;
        if (format is not ("SOURCE" or "JUPYTER" or "HTML" or "DBC" or "R_MARKDOWN" or "AUTO" or "RAW"))
        {
            throw Invalid($"Invalid format: {format}. Supported formats: SOURCE, JUPYTER, HTML, DBC, R_MARKDOWN, AUTO, RAW.");
        }

        if (language is not (null or "PYTHON" or "SCALA" or "SQL" or "R"))
        {
            throw Invalid($"Invalid language: {language}. Supported languages: PYTHON, SCALA, SQL, R.");
        }

        if (format == "DBC" && overwrite)
        {
            throw Invalid("Overwrite is not supported for the DBC format.");
        }

        var content = (string?)body["content"] ?? string.Empty;
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(content);
        }
        catch (FormatException)
        {
            throw Invalid("The content must be base64 encoded.");
        }

        if (bytes.LongLength > MaxImportBytes)
        {
            throw new SandboxApiException(400, "MAX_NOTEBOOK_SIZE_EXCEEDED", $"File size imported is ({bytes.LongLength} bytes), exceeded max size ({MaxImportBytes} bytes)");
        }

        var (type, objectLanguage, targetPath) = Classify(path, format, language, bytes);
        var parent = ParentOf(targetPath);
        if (!_state.Workspace.TryGetValue(parent, out var parentObject) || parentObject.ObjectType != "DIRECTORY")
        {
            throw NotFound($"The parent folder ({parent}) does not exist.");
        }

        if (_state.Workspace.TryGetValue(targetPath, out var existing))
        {
            if (!overwrite || existing.ObjectType == "DIRECTORY")
            {
                throw AlreadyExists($"{targetPath} already exists.");
            }

            existing.ObjectType = type;
            existing.Language = objectLanguage;
            existing.ContentSha256 = _blobs.Put(bytes);
            existing.Size = bytes.LongLength;
            // Every write moves the time forward, even within one clock tick, so a client comparing it sees the edit.
            existing.ModifiedAt = Math.Max(Now, existing.ModifiedAt + 1);
            return new JsonObject();
        }

        _state.Workspace[targetPath] = NewObject(targetPath, type, objectLanguage, bytes);
        return new JsonObject();
    });

    private static readonly Dictionary<string, (string Language, string Header)> NotebookExtensions = new(StringComparer.OrdinalIgnoreCase)
    {
        [".py"] = ("PYTHON", "# Databricks notebook source"),
        [".sql"] = ("SQL", "-- Databricks notebook source"),
        [".scala"] = ("SCALA", "// Databricks notebook source"),
        [".r"] = ("R", "# Databricks notebook source"),
    };

    private static (string Type, string? Language, string Path) Classify(string path, string format, string? language, byte[] bytes)
    {
        switch (format)
        {
            case "RAW":
                return ("FILE", null, path);
            case "AUTO":
                var extension = System.IO.Path.GetExtension(path);
                if (NotebookExtensions.TryGetValue(extension, out var notebook)
                    && Encoding.UTF8.GetString(bytes).TrimStart('\uFEFF').StartsWith(notebook.Header, StringComparison.Ordinal))
                {
                    return ("NOTEBOOK", notebook.Language, path[..^extension.Length]);
                }

                return ("FILE", null, path);
            case "JUPYTER":
                return ("NOTEBOOK", language ?? "PYTHON", path);
            case "SOURCE":
                if (language is null)
                {
                    throw Invalid("The language must be specified when importing in SOURCE format.");
                }

                return ("NOTEBOOK", language, path);
            default:
                return ("NOTEBOOK", language ?? "PYTHON", path);
        }
    }

    public WorkspaceObject Get(string? rawPath)
    {
        var path = NormalizePath(rawPath);
        return _state.Workspace.TryGetValue(path, out var found) ? found : throw NotFound($"Path ({path}) doesn't exist.");
    }

    public JsonObject Describe(WorkspaceObject item)
    {
        var result = new JsonObject
        {
            ["object_type"] = item.ObjectType,
            ["path"] = item.Path,
        };
        if (item.Language is not null)
        {
            result["language"] = item.Language;
        }

        result["object_id"] = item.ObjectId;
        result["created_at"] = item.CreatedAt;
        result["modified_at"] = item.ModifiedAt;
        result["resource_id"] = item.ResourceId ?? item.ObjectId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (item.Size is { } size)
        {
            result["size"] = size;
        }

        return result;
    }

    public JsonObject GetStatus(string? path) => Read(() => Describe(Get(path)));

    public (byte[] Bytes, string FileType) Export(string? path, string? format) => Read(() =>
    {
        var item = Get(path);
        if (item.ObjectType == "DIRECTORY" && format != "DBC")
        {
            throw new SandboxApiException(400, "BAD_REQUEST", $"Export of directory {item.Path} is only supported in DBC format.");
        }

        var extension = item.Language switch
        {
            "PYTHON" => "py",
            "SQL" => "sql",
            "SCALA" => "scala",
            "R" => "r",
            _ => System.IO.Path.GetExtension(item.Path).TrimStart('.'),
        };
        if (item.ResourceId is { } dashboard && _state.Dashboards.TryGetValue(dashboard, out var record))
        {
            return (System.Text.Encoding.UTF8.GetBytes(record.SerializedDashboard), extension); // a dashboard exports as its serialized content
        }

        return (_blobs.Get(item.ContentSha256), extension);
    });

    public JsonObject List(string? rawPath) => Read(() =>
    {
        var item = Get(rawPath);
        if (item.ObjectType != "DIRECTORY")
        {
            return new JsonObject { ["objects"] = new JsonArray(Describe(item)) };
        }

        var prefix = item.Path == "/" ? "/" : item.Path + "/";
        var children = _state.Workspace.Values
            .Where(o => o.Path != item.Path && o.Path.StartsWith(prefix, StringComparison.Ordinal) && !o.Path[prefix.Length..].Contains('/'))
            .Select(o => (JsonNode)Describe(o))
            .ToArray();
        return children.Length == 0 ? new JsonObject() : new JsonObject { ["objects"] = new JsonArray(children) };
    });

    public JsonObject Delete(JsonObject body) => Write(() =>
    {
        var item = Get((string?)body["path"]);
        var recursive = (bool?)body["recursive"] ?? false;
        if (item.Path == "/")
        {
            throw new SandboxApiException(400, "DIRECTORY_PROTECTED", "The root directory cannot be deleted.");
        }

        var prefix = item.Path + "/";
        var descendants = _state.Workspace.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).ToList();
        if (descendants.Count > 0 && !recursive)
        {
            throw new SandboxApiException(400, "DIRECTORY_NOT_EMPTY", $"Folder ({item.Path}) is not empty.");
        }

        foreach (var key in descendants.Append(item.Path))
        {
            var removed = _state.Workspace[key];
            _state.Workspace.Remove(key);
            if (removed.ResourceId is { } resource)
            {
                _state.Dashboards.Remove(resource); // a dashboard's file is the dashboard
            }

            _state.Permissions.Remove((removed.ObjectType == "DIRECTORY" ? "directories/" : "notebooks/") + removed.ObjectId);
        }

        return new JsonObject();
    });
}
