using ProjectScout.Toolkit.Contracts;

namespace ProjectScout.Build;

public sealed partial class BuildContext
{
    private ContractSet? _contracts;

    /// <summary>The table contracts under templates/contracts, loaded and checked once per run (every problem with file:line).</summary>
    public ContractSet Contracts => _contracts ??= new ContractLoader(Layout.Contracts, Layout.Display).Load();
}
