using System.Text.Json.Nodes;
using ProjectScout.Model.Databricks;

namespace ProjectScout.Model.Tests.Databricks;

public sealed class ClusterPolicyEvaluatorTests
{
    private static readonly JsonObject Policy = JsonNode.Parse("""
        {
          "spark_version": {"type": "fixed", "value": "15.4.x-scala2.12"},
          "spark_conf.spark.databricks.cluster.profile": {"type": "fixed", "value": "singleNode"},
          "node_type_id": {"type": "allowlist", "values": ["Standard_DS3_v2", "Standard_DS4_v2"]},
          "autoscale.max_workers": {"type": "range", "minValue": 1, "maxValue": 4},
          "custom_tags.team": {"type": "regex", "pattern": "^[a-z]+$"},
          "init_scripts": {"type": "forbidden"},
          "instance_pool_id": {"type": "blocklist", "values": ["pool-x"]},
          "driver_node_type_id": {"type": "allowlist", "values": ["Standard_DS3_v2"], "isOptional": true},
          "runtime_engine": {"type": "unlimited", "defaultValue": "PHOTON"}
        }
        """)!.AsObject();

    private static JsonObject Conforming() => JsonNode.Parse("""
        {"spark_version": "15.4.x-scala2.12", "spark_conf": {"spark.databricks.cluster.profile": "singleNode"},
         "node_type_id": "Standard_DS3_v2", "autoscale": {"min_workers": 1, "max_workers": "4"}, "custom_tags": {"team": "data"}}
        """)!.AsObject();

    [Test]
    public void A_conforming_spec_has_no_violations_and_numbers_match_their_text()
    {
        Assert.That(ClusterPolicyEvaluator.Evaluate(Policy, Conforming()), Is.Empty);
    }

    [Test]
    public void Each_rule_type_reports_the_attribute_its_value_and_what_it_expects()
    {
        var spec = Conforming();
        spec["spark_version"] = "14.3.x-scala2.12";
        spec["node_type_id"] = "Standard_E64_v3";
        spec["autoscale"]!["max_workers"] = 12;
        spec["custom_tags"]!["team"] = "Data Team";
        spec["init_scripts"] = new JsonArray();
        spec["instance_pool_id"] = "pool-x";

        var violations = ClusterPolicyEvaluator.Evaluate(Policy, spec).Select(v => $"{v.Attribute} = {v.ShownActual} {v.Expectation}");

        Assert.That(violations, Is.EqualTo(new[]
        {
            "spark_version = \"14.3.x-scala2.12\" must be \"15.4.x-scala2.12\"",
            "node_type_id = \"Standard_E64_v3\" must be one of [\"Standard_DS3_v2\",\"Standard_DS4_v2\"]",
            "autoscale.max_workers = 12 must be within [1, 4]",
            "custom_tags.team = \"Data Team\" must match ^[a-z]+$",
            "init_scripts = [] is forbidden",
            "instance_pool_id = \"pool-x\" must not be one of [\"pool-x\"]",
        }));
    }

    [Test]
    public void An_absent_fixed_attribute_passes_for_the_service_but_not_for_the_declared_check()
    {
        var spec = Conforming();
        spec.Remove("spark_version");

        Assert.That(ClusterPolicyEvaluator.Evaluate(Policy, spec, PolicyStrictness.Service), Is.Empty);
        Assert.That(ClusterPolicyEvaluator.Evaluate(Policy, spec, PolicyStrictness.Declared).Single().Attribute, Is.EqualTo("spark_version"));

        spec.Remove("node_type_id");
        Assert.That(ClusterPolicyEvaluator.Evaluate(Policy, spec).Single().Expectation, Is.EqualTo("must be set"));
    }

    [Test]
    public void Definitions_parse_from_the_stored_string()
    {
        Assert.That(ClusterPolicyEvaluator.ParseDefinition("""{"a":{"type":"forbidden"}}"""), Is.Not.Null);
        Assert.That(ClusterPolicyEvaluator.ParseDefinition("not json"), Is.Null);
        Assert.That(ClusterPolicyEvaluator.ParseDefinition(null), Is.Null);
    }
}
