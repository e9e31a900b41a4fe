using System.Text.Json.Nodes;
using ProjectScout.Sandbox.Arm;

namespace ProjectScout.Sandbox.Tests;

public sealed class WhatIfChangesTests
{
    [Test]
    public void The_delta_has_ARMs_shape_dotted_paths_and_array_entries_with_indexed_children()
    {
        var before = JsonNode.Parse("""{"properties":{"tls":"TLS1_2","rules":[{"name":"a","ports":[1]},{"name":"b"}],"gone":1}}""")!.AsObject();
        var after = JsonNode.Parse("""{"properties":{"tls":"TLS1_0","rules":[{"name":"a","ports":[2]},{"name":"b"},{"name":"c"}],"added":true}}""")!.AsObject();

        var delta = new JsonArray(WhatIfChanges.Delta(before, after).ToArray());

        Assert.That(delta.ToJsonString(), Is.EqualTo(
            """[{"path":"properties.added","propertyChangeType":"Create","after":true},{"path":"properties.gone","propertyChangeType":"Delete","before":1},"""
            + """{"path":"properties.tls","propertyChangeType":"Modify","before":"TLS1_2","after":"TLS1_0"},"""
            + """{"path":"properties.rules","propertyChangeType":"Array","children":["""
            + """{"path":"0","propertyChangeType":"Modify","children":[{"path":"ports","propertyChangeType":"Array","children":[{"path":"0","propertyChangeType":"Modify","before":1,"after":2}]}]},"""
            + """{"path":"2","propertyChangeType":"Create","after":{"name":"c"}}]}]"""));
    }

    [Test]
    public void Equal_objects_have_an_empty_delta()
    {
        var resource = JsonNode.Parse("""{"properties":{"rules":[{"name":"a"}]}}""")!.AsObject();

        Assert.That(WhatIfChanges.Delta(resource, (JsonObject)resource.DeepClone()), Is.Empty);
    }
}
