using System.Text.Json.Nodes;
using ProjectScout.Toolkit.Deployment;

namespace ProjectScout.Toolkit.Tests.Deploy;

/// <summary>What the post-deployment check compares between a predicted resource and the live one.</summary>
public class SnapshotVerifierTests
{
    private static IReadOnlyList<string> Compare(string predicted, string live) =>
        SnapshotVerifier.Compare(JsonNode.Parse(predicted)!.AsObject(), JsonNode.Parse(live)!.AsObject());

    [Test]
    public void Scalars_to_depth_four_are_compared_and_a_missing_one_is_absent()
    {
        Assert.That(Compare(
            """{"properties":{"a":{"b":{"c":{"d":1,"deeper":{"x":1}}}},"missing":"on","count":3}}""",
            """{"properties":{"a":{"b":{"c":{"d":2,"deeper":{"x":2}}}},"count":3,"extra":"live only"}}"""),
            Is.EqualTo(new[] { "properties.a.b.c.d is 2, expected 1", "properties.missing is absent, expected \"on\"" }));
    }

    [Test]
    public void Lists_expressions_and_objects_of_only_expressions_are_not_compared()
    {
        Assert.That(Compare(
            """{"location":"[resourceGroup().location]","properties":{"subnets":[{"name":"a"}],"ref":{"id":"[resourceId('x','y')]"},"sku":"[parameters('s')]"}}""",
            """{"location":"eastus2","properties":{"subnets":[{"name":"b"}]}}"""),
            Is.Empty);
    }

    [Test]
    public void A_live_value_that_is_an_unevaluated_expression_cannot_be_checked_and_passes()
    {
        Assert.That(Compare("""{"properties":{"uri":"https://kv.vault.azure.net/"}}""", """{"properties":{"uri":"[format('https://{0}', 'kv')]"}}"""), Is.Empty);
        Assert.That(Compare("""{"kind":"StorageV2"}""", """{"kind":"BlobStorage"}"""), Is.EqualTo(new[] { "kind is \"BlobStorage\", expected \"StorageV2\"" }));
    }
}
