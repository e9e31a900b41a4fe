using System.Security.Cryptography;
using System.Text;

namespace ProjectScout.Toolkit.IO;

public enum WriteOutcome
{
    Created,
    Updated,
    Unchanged,
}

/// <summary>
/// Writes generated files deterministically: LF line endings, UTF-8 without BOM, and only when the content changed,
/// so a rerun with unchanged inputs touches nothing and downstream up-to-date checks stay valid.
/// </summary>
public static class GeneratedFiles
{
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    public static string NormalizeNewlines(string text) => text.Replace("\r\n", "\n").Replace('\r', '\n');

    public static WriteOutcome Write(string path, string content)
    {
        var bytes = Utf8NoBom.GetBytes(NormalizeNewlines(content));
        return Write(path, bytes);
    }

    public static WriteOutcome Write(string path, byte[] bytes)
    {
        var existed = File.Exists(path);
        if (existed)
        {
            var current = File.ReadAllBytes(path);
            if (current.AsSpan().SequenceEqual(bytes))
            {
                return WriteOutcome.Unchanged;
            }
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        // Write-then-rename so a crash never leaves a half-written artifact that looks current.
        var temporary = path + ".tmp-" + Environment.ProcessId;
        File.WriteAllBytes(temporary, bytes);
        File.Move(temporary, path, overwrite: true);
        return existed ? WriteOutcome.Updated : WriteOutcome.Created;
    }

    public static string Sha256(byte[] bytes) => ProjectScout.Model.Hashing.Sha256Hex.Of(bytes);

    public static string Sha256(string text) => ProjectScout.Model.Hashing.Sha256Hex.Of(text);

    public static string Sha256OfFile(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
