using System.Text.Json.Nodes;
using ProjectScout.Model.Json;

namespace ProjectScout.Model.Tests.Json;

public sealed class JsonPathTests
{
    private static readonly JsonNode Resource = JsonNode.Parse("""
        {"properties":{"networkAcls":{"defaultAction":"Deny"},"subnets":[{"name":"a"},{"name":"b"}],"enabled":true},
         "spark_conf":{"spark.databricks.cluster.profile":"singleNode"}}
        """)!;

    [Test]
    public void Dotted_paths_read_objects_and_index_arrays()
    {
        Assert.That(JsonPath.GetString(Resource, "properties.networkAcls.defaultAction"), Is.EqualTo("Deny"));
        Assert.That(JsonPath.GetString(Resource, "properties.subnets.1.name"), Is.EqualTo("b"));
        Assert.That(JsonPath.IsTrue(JsonPath.Get(Resource, "properties.enabled")), Is.True);
    }

    [Test]
    public void Missing_steps_give_null_and_non_strings_give_empty()
    {
        Assert.That(JsonPath.Get(Resource, "properties.nothing.here"), Is.Null);
        Assert.That(JsonPath.Get(Resource, "properties.subnets.7"), Is.Null);
        Assert.That(JsonPath.GetString(Resource, "properties.enabled"), Is.Empty);
        Assert.That(JsonPath.Show(null), Is.EqualTo("(not set)"));
        Assert.That(JsonPath.Show(JsonPath.Get(Resource, "properties.networkAcls")), Is.EqualTo("""{"defaultAction":"Deny"}"""));
    }

    [Test]
    public void Map_attributes_take_the_rest_of_the_path_as_one_key()
    {
        var maps = new[] { "spark_conf" };
        Assert.That(JsonPath.Str(JsonPath.GetWithMapKeys(Resource, "spark_conf.spark.databricks.cluster.profile", maps)), Is.EqualTo("singleNode"));
        Assert.That(JsonPath.Get(Resource, "spark_conf.spark.databricks.cluster.profile"), Is.Null, "a plain dotted path splits the key");
        Assert.That(JsonPath.Str(JsonPath.GetWithMapKeys(Resource, "properties.networkAcls.defaultAction", maps)), Is.EqualTo("Deny"));
    }
}
