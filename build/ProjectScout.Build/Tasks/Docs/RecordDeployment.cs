using ProjectScout.Build.Hosting;
using ProjectScout.Build.Tasks.Deploy;

namespace ProjectScout.Build.Tasks.Docs;

[TaskName(nameof(RecordDeployment))]
[TaskDescription("Read the selected environment's deployment record (the resource group's projectscout-phase<N> tags), save it to artifacts/<env>/deployment-record.json and regenerate that environment's documents. Every deploy does this itself; run it to refresh the record after a deploy made elsewhere.")]
public sealed class RecordDeployment : AsyncBuildTask<BuildContext>
{
    public override Task RunAsync(BuildContext context) => PhaseRunner.RecordAsync(context);
}
