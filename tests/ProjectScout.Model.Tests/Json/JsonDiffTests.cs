using System.Text.Json.Nodes;
using ProjectScout.Model.Json;

namespace ProjectScout.Model.Tests.Json;

public sealed class JsonDiffTests
{
    private static string Describe(IEnumerable<JsonChange> changes) =>
        string.Join("\n", changes.Select(c => $"{c.Kind} {c.Path}: {c.Before?.ToJsonString() ?? "-"} => {c.After?.ToJsonString() ?? "-"}"));

    [Test]
    public void Equal_documents_have_no_changes()
    {
        Assert.That(JsonDiff.Compare(JsonNode.Parse("""{"a":[1,{"b":2}]}"""), JsonNode.Parse("""{"a":[1,{"b":2}]}""")), Is.Empty);
    }

    [Test]
    public void Changes_name_their_path_kind_and_values_in_sorted_order()
    {
        var before = JsonNode.Parse("""{"z":1,"props":{"tls":"TLS1_2","gone":true},"list":[1,2,3]}""");
        var after = JsonNode.Parse("""{"props":{"tls":"TLS1_0","new":{"x":1}},"list":[1,5],"z":1}""");

        Assert.That(Describe(JsonDiff.Compare(before, after)), Is.EqualTo(
            """
            Modified list[1]: 2 => 5
            Removed list[2]: 3 => -
            Removed props.gone: true => -
            Added props.new: - => {"x":1}
            Modified props.tls: "TLS1_2" => "TLS1_0"
            """.ReplaceLineEndings("\n")));
    }

    [Test]
    public void Arrays_compare_as_sets_only_where_the_caller_asks()
    {
        var before = JsonNode.Parse("""{"tags":["a","b"],"order":["a","b"]}""");
        var after = JsonNode.Parse("""{"tags":["c","a"],"order":["b","a"]}""");

        var changes = JsonDiff.Compare(before, after, new JsonDiffOptions { ArrayAsSet = path => path == "tags" });

        Assert.That(Describe(changes), Is.EqualTo(
            """
            Modified order[0]: "a" => "b"
            Modified order[1]: "b" => "a"
            Removed tags[1]: "b" => -
            Added tags[0]: - => "c"
            """.ReplaceLineEndings("\n")));
    }

    [Test]
    public void An_expectation_can_ignore_what_only_the_live_side_carries_and_compare_leaves_its_own_way()
    {
        var expected = JsonNode.Parse("""{"location":"West Europe","properties":{"sku":"Standard"}}""");
        var live = JsonNode.Parse("""{"location":"westeurope","properties":{"sku":"Standard","provisioningState":"Succeeded"}}""");
        var options = new JsonDiffOptions
        {
            IgnoreAdded = true,
            LeafEquals = (a, b) => string.Equals(a?.ToString().Replace(" ", ""), b?.ToString().Replace(" ", ""), StringComparison.OrdinalIgnoreCase),
        };

        Assert.That(JsonDiff.Compare(expected, live, options), Is.Empty);
        Assert.That(JsonDiff.Compare(expected, live).Select(c => c.Path), Is.EqualTo(new[] { "location", "properties.provisioningState" }));
    }

    [Test]
    public void Below_the_maximum_depth_whole_values_are_compared()
    {
        var changes = JsonDiff.Compare(JsonNode.Parse("""{"a":{"b":{"c":1}}}"""), JsonNode.Parse("""{"a":{"b":{"c":2}}}"""), new JsonDiffOptions { MaxDepth = 2 });

        Assert.That(changes.Single().Path, Is.EqualTo("a.b"));
        Assert.That(changes.Single().Segments.Select(s => s.ToString()), Is.EqualTo(new[] { "a", "b" }));
    }
}
