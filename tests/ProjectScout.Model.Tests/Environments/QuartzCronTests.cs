using ProjectScout.Model.Environments;

namespace ProjectScout.Model.Tests.Environments;

public sealed class QuartzCronTests
{
    [TestCase("0 0 6 * * ?", true)]
    [TestCase("0 0 7 ? * MON", true)]
    [TestCase("0 15 10 ? * 6#3", true)]
    [TestCase("0 0 12 L * ?", true)]
    [TestCase("0 0/30 8-18 ? * MON-FRI 2027", true)]
    [TestCase("0 0 6 * * *", false)]
    [TestCase("0 0 24 * * ?", false)]
    [TestCase("0 0 6 * *", false)]
    [TestCase("0 0 6 ? * FUNDAY", false)]
    public void Quartz_cron_expressions(string expression, bool valid) =>
        Assert.That(QuartzCron.IsValid(expression), Is.EqualTo(valid), QuartzCron.Explain(expression));
}
