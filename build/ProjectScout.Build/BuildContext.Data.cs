using ProjectScout.Toolkit.Contracts;
using ProjectScout.Toolkit.Lakehouse;

namespace ProjectScout.Build;

public sealed partial class BuildContext
{
    private ContractSet? _contracts;
    private LakehouseDeclaration? _lakehouse;

    /// <summary>templates/lakehouse.yaml (layers, cluster profiles, lake), loaded and checked once per run.</summary>
    public LakehouseDeclaration Lakehouse => _lakehouse ??= LakehouseLoader.Load(Layout);

    /// <summary>The table contracts under templates/contracts, loaded and checked once per run (every problem with file:line).</summary>
    public ContractSet Contracts => _contracts ??= new ContractLoader(Layout.Contracts, Lakehouse.LayerNames, Layout.Display).Load();
}
