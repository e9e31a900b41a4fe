using Cake.Common.Diagnostics;
using ProjectScout.Build.Hosting;
using ProjectScout.Toolkit.Docs;

namespace ProjectScout.Build.Tasks.Docs;

[TaskName(nameof(RecordDeployment))]
[TaskDescription("Read the selected environment's deployment record (the resource group's projectscout-phase<N> tags), save it to artifacts/<env>/deployment-record.json and regenerate that environment's documents. Run after the deploys.")]
public sealed class RecordDeployment : AsyncBuildTask<BuildContext>
{
    public override async Task RunAsync(BuildContext context)
    {
        var environment = context.TargetEnvironment;
        IReadOnlyDictionary<string, string>? tags;
        await using (var session = await context.OpenDeploySessionAsync())
        {
            var arm = session.Target.CreateArmClient();
            tags = (await arm.GetResourceGroupAsync(session.Target.Scope))?.Tags;
        }

        var phases = LakehouseModelLoader.SaveDeploymentRecord(context.Artifacts, tags);
        var model = LakehouseModelLoader.Load(context.Layout, environment, context.Artifacts);
        var result = DocumentationGenerator.Generate(model, context.Artifacts, MermaidScript.Ensure(context.Layout.Cache));
        context.Information("{0}: {1} phase(s) recorded on {2}; documents regenerated ({3} ✅ {4} ❌) → {5}",
            environment.Name, phases, environment.Azure.ResourceGroup,
            result.Findings.Count(f => f.Status == AlignmentStatus.Aligned), result.Findings.Count(f => f.Status == AlignmentStatus.Missing),
            context.Layout.Display(context.Artifacts.Docs));
    }
}
