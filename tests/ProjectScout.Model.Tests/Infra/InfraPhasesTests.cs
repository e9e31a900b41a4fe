using ProjectScout.Model.Arm;
using ProjectScout.Model.Infra;

namespace ProjectScout.Model.Tests.Infra;

public sealed class InfraPhasesTests
{
    [Test]
    public void Phases_are_numbered_in_deployment_order_and_name_their_artifacts()
    {
        Assert.That(InfraPhases.All.Select(p => p.Number), Is.EqualTo(new[] { 1, 2, 3 }));
        var phase = InfraPhases.All[1];
        Assert.That(
            new[] { phase.TemplateFileName, phase.ParametersSourceFileName, phase.CompiledTemplateFileName, phase.CompiledParametersFileName, phase.SnapshotFileName },
            Is.EqualTo(new[] { "phase2.bicep", "phase2.bicepparam", "phase2.json", "phase2.parameters.json", "phase2.json" }));
    }

    [Test]
    public void The_deployment_name_is_the_one_content_hashed_rule_the_deploy_uses()
    {
        var phase = InfraPhases.All[0];

        var name = phase.DeploymentName("sandbox", "{\"resources\":[]}\n", "{}\n");

        Assert.That(name, Is.EqualTo(DeploymentNames.For("sandbox", 1, "{\"resources\":[]}\n", "{}\n")));
        Assert.That(name, Does.Match("^projectscout-sandbox-phase1-[0-9a-f]{12}$"));
        Assert.That(phase.DeploymentName("sandbox", "{\"resources\":[1]}\n", "{}\n"), Is.Not.EqualTo(name), "a changed template is a new deployment");
    }
}
