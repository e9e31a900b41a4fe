using ProjectScout.Model.Environments;

namespace ProjectScout.Model.Tests.Environments;

public sealed class Ipv4CidrTests
{
    [TestCase("10.0.0.0/16", "10.0.3.0/24", true)]
    [TestCase("10.0.0.0/16", "10.1.3.0/24", false)]
    [TestCase("10.0.0.0/24", "10.0.0.0/16", false)]
    public void Containment(string outer, string inner, bool contained) =>
        Assert.That(Ipv4Cidr.Parse(outer).Contains(Ipv4Cidr.Parse(inner)), Is.EqualTo(contained));

    [TestCase("10.0.3.0/24", "10.0.3.128/25", true)]
    [TestCase("10.0.3.0/24", "10.0.4.0/24", false)]
    public void Overlap(string a, string b, bool overlaps) =>
        Assert.That(Ipv4Cidr.Parse(a).Overlaps(Ipv4Cidr.Parse(b)), Is.EqualTo(overlaps));

    [TestCase("10.0.3.1/24", "host bits set; did you mean 10.0.3.0/24?")]
    [TestCase("10.0.3.0/33", "not CIDR notation")]
    [TestCase("10.0.300.0/24", "does not start with an IPv4 address")]
    [TestCase("", "is empty")]
    public void Bad_ranges_explain_themselves(string text, string expected)
    {
        Assert.That(Ipv4Cidr.TryParse(text, out _, out var error), Is.False);
        Assert.That(error, Does.Contain(expected));
    }
}
