using System.Security.Cryptography;

namespace ProjectScout.Sandbox.State;

/// <summary>
/// Workspace file contents, stored once by SHA-256 under <c>&lt;state&gt;/blobs/</c>, so the state JSON holds only
/// hashes and stays small (it is rewritten on every mutation). Written atomically; unreferenced blobs are pruned at start.
/// </summary>
internal sealed class BlobStore(string directory)
{
    public const string FolderName = "blobs";

    public string Put(byte[] content)
    {
        var hash = ProjectScout.Model.Hashing.Sha256Hex.Of(content);
        var path = Path.Combine(directory, hash);
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(directory);
            var temporary = path + ".tmp-" + Environment.ProcessId;
            File.WriteAllBytes(temporary, content);
            File.Move(temporary, path, overwrite: true);
        }

        return hash;
    }

    public byte[] Get(string? hash) => hash is null ? [] : File.ReadAllBytes(Path.Combine(directory, hash));

    public void Prune(IEnumerable<string> referenced)
    {
        if (!Directory.Exists(directory))
        {
            return;
        }

        var keep = referenced.ToHashSet(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(directory).Where(f => !keep.Contains(Path.GetFileName(f))))
        {
            File.Delete(file);
        }
    }
}
