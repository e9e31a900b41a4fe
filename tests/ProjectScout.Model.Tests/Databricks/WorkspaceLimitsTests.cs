using ProjectScout.Model.Databricks;

namespace ProjectScout.Model.Tests.Databricks;

public sealed class WorkspaceLimitsTests
{
    [Test]
    public void The_import_limit_counts_base64_bytes()
    {
        Assert.That(WorkspaceLimits.EncodedSize(3), Is.EqualTo(4));
        Assert.That(WorkspaceLimits.EncodedSize(4), Is.EqualTo(8));
        Assert.That(WorkspaceLimits.EncodedSize(WorkspaceLimits.ImportBytes / 4 * 3), Is.EqualTo(WorkspaceLimits.ImportBytes));
    }
}
