using System.Text.Json.Nodes;
using ProjectScout.Toolkit.Deployment;

namespace ProjectScout.Toolkit.Tests.Deploy;

/// <summary>What the post-deployment check compares between a predicted resource and the live one.</summary>
public class SnapshotVerifierTests
{
    private static IReadOnlyList<string> Compare(string predicted, string live) =>
        SnapshotVerifier.Compare(JsonNode.Parse(predicted)!.AsObject(), JsonNode.Parse(live)!.AsObject());

    [Test]
    public void Declared_values_to_depth_eight_are_compared_and_a_missing_one_is_absent()
    {
        Assert.That(Compare(
            """{"properties":{"a":{"b":{"c":{"d":1,"deeper":{"e":{"f":{"g":{"h":{"x":1}}}}}}}},"missing":"on","count":3}}""",
            """{"properties":{"a":{"b":{"c":{"d":2,"deeper":{"e":{"f":{"g":{"h":{"x":2}}}}}}}},"count":3,"extra":"live only"}}"""),
            Is.EqualTo(new[] { "properties.a.b.c.d is 2, expected 1", "properties.missing is absent, expected \"on\"" }));
    }

    [Test]
    public void Tags_are_compared()
    {
        Assert.That(Compare("""{"tags":{"environment":"dev","owner":"[parameters('o')]"}}""", """{"tags":{"environment":"prod","owner":"x"}}"""),
            Is.EqualTo(new[] { "tags.environment is \"prod\", expected \"dev\"" }));
        Assert.That(Compare("""{"tags":{"environment":"dev"}}""", """{}"""), Is.EqualTo(new[] { "tags is absent, expected {\"environment\":\"dev\"}" }));
    }

    [Test]
    public void Arrays_are_compared_as_sets_and_an_element_added_live_is_drift()
    {
        const string rules = """{"properties":{"networkAcls":{"ipRules":[{"value":"10.0.0.0/24","action":"Allow"},{"value":"10.1.0.0/24","action":"Allow"}]}}}""";
        Assert.That(Compare(rules, """{"properties":{"networkAcls":{"ipRules":[{"value":"10.1.0.0/24","action":"Allow"},{"value":"10.0.0.0/24","action":"Allow"}]}}}"""), Is.Empty, "order carries no meaning");
        Assert.That(Compare(rules, """{"properties":{"networkAcls":{"ipRules":[{"value":"10.0.0.0/24","action":"Allow"}]}}}"""),
            Is.EqualTo(new[] { "properties.networkAcls.ipRules[1] is absent, expected {\"value\":\"10.1.0.0/24\",\"action\":\"Allow\"}" }));
        Assert.That(Compare(rules, """{"properties":{"networkAcls":{"ipRules":[{"value":"10.0.0.0/24","action":"Allow"},{"value":"10.1.0.0/24","action":"Allow"},{"value":"0.0.0.0/0","action":"Allow"}]}}}"""),
            Is.EqualTo(new[] { "properties.networkAcls.ipRules has 3 elements, expected 2" }));
        Assert.That(Compare("""{"properties":{"categories":["Audit","[parameters('c')]"]}}""", """{"properties":{"categories":["Other"]}}"""), Is.Empty,
            "an array holding an expression cannot be checked offline");
    }

    [Test]
    public void A_live_value_that_is_an_unevaluated_expression_cannot_be_checked_and_passes()
    {
        Assert.That(Compare("""{"properties":{"uri":"https://kv.vault.azure.net/"}}""", """{"properties":{"uri":"[format('https://{0}', 'kv')]"}}"""), Is.Empty);
        Assert.That(Compare("""{"kind":"StorageV2"}""", """{"kind":"BlobStorage"}"""), Is.EqualTo(new[] { "kind is \"BlobStorage\", expected \"StorageV2\"" }));
    }
}
