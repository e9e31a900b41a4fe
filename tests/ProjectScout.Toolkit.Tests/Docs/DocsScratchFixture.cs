using ProjectScout.Model.Environments;
using ProjectScout.Model.Layout;
using ProjectScout.Toolkit.Environments;
using ProjectScout.Toolkit.Layout;

namespace ProjectScout.Toolkit.Tests.Docs;

/// <summary>
/// A scratch copy of the real inputs per test, its sandbox environment and artifacts, with a small fixture snapshot
/// (lifecycle policy included) and job standing in for compiled artifacts, so documents generate with no bicep process.
/// </summary>
public abstract class DocsScratchFixture(string purpose)
{
    protected string Root { get; private set; } = "";

    protected ToolkitLayout Layout { get; private set; } = null!;

    protected EnvironmentDefinition Environment { get; private set; } = null!;

    protected EnvironmentArtifacts Artifacts { get; private set; } = null!;

    [SetUp]
    public void CopyInputs()
    {
        Root = Repository.CopyInputs(purpose);
        Layout = new ToolkitLayout { Root = Root };
        Environment = new EnvironmentCatalog(Layout.Environments).Load("sandbox");
        Artifacts = Layout.For("sandbox");
        DocsFixtures.WriteSnapshot(Artifacts, DocsFixtures.Snapshot(Environment, withLifecyclePolicy: true));
        DocsFixtures.WriteJob(Artifacts);
    }

    [TearDown]
    public void RemoveCopy() => Directory.Delete(Root, recursive: true);
}
