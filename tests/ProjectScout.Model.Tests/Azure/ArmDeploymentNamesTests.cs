using ProjectScout.Model.Azure;

namespace ProjectScout.Model.Tests.Azure;

public sealed class ArmDeploymentNamesTests
{
    [TestCase("projectscout-dev-phase1-0123456789ab", true)]
    [TestCase("a.b_c(d)", true)]
    [TestCase("", false)]
    [TestCase("has space", false)]
    [TestCase("slash/name", false)]
    public void Names_are_checked_against_what_ARM_accepts(string name, bool valid)
    {
        Assert.That(ArmDeploymentNames.IsValid(name), Is.EqualTo(valid));
    }

    [Test]
    public void Sixty_five_characters_are_too_many_and_refused_characters_sanitize_to_dashes()
    {
        Assert.That(ArmDeploymentNames.IsValid(new string('a', ArmDeploymentNames.MaxLength)), Is.True);
        Assert.That(ArmDeploymentNames.IsValid(new string('a', ArmDeploymentNames.MaxLength + 1)), Is.False);
        Assert.That(ArmDeploymentNames.Sanitize("my env/x"), Is.EqualTo("my-env-x"));
    }
}
