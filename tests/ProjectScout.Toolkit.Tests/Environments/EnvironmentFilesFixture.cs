using ProjectScout.Toolkit.Environments;

namespace ProjectScout.Toolkit.Tests.Environments;

/// <summary>
/// A scratch copy of the shipped environment files per test, a catalog over it that names files as the repository does,
/// and an edit that returns the line it changed (so a test can expect a problem at it).
/// </summary>
public abstract class EnvironmentFilesFixture(string purpose)
{
    protected string Scratch { get; private set; } = null!;

    protected EnvironmentCatalog Catalog { get; private set; } = null!;

    [SetUp]
    public void CopyEnvironments()
    {
        Scratch = Repository.NewScratchDirectory(purpose);
        Repository.CopyDirectory(Repository.Layout.Environments, Scratch);
        Catalog = new EnvironmentCatalog(Scratch, path => "templates/environments/" + Path.GetFileName(path));
    }

    [TearDown]
    public void RemoveCopy() => Directory.Delete(Scratch, recursive: true);

    /// <summary>Replaces the first <paramref name="from"/> in &lt;file&gt;.yaml with <paramref name="to"/>; the line <paramref name="from"/> started on.</summary>
    protected int Edit(string file, string from, string to)
    {
        var path = Path.Combine(Scratch, file + ".yaml");
        var text = File.ReadAllText(path);
        var index = text.IndexOf(from, StringComparison.Ordinal);
        Assert.That(index, Is.GreaterThanOrEqualTo(0), $"'{from}' is not in {file}.yaml");
        File.WriteAllText(path, text[..index] + to + text[(index + from.Length)..]);
        return text[..index].Count(c => c == '\n') + 1;
    }
}
