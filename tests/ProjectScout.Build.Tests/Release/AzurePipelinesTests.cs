using ProjectScout.Toolkit.Diagnostics;
using ProjectScout.Toolkit.Release;
using YamlDotNet.RepresentationModel;

namespace ProjectScout.Build.Tests.Release;

[TestFixture]
public sealed class AzurePipelinesTests
{
    [Test]
    public void A_problem_becomes_one_logissue_command_with_location_and_code()
    {
        var problem = new Problem("templates/infra/main.bicep", 12, 5, "BCP035", "missing property; see [docs]\nnext");

        Assert.That(AzurePipelinesAnnotations.Format(problem), Is.EqualTo(
            "##vso[task.logissue type=error;sourcepath=templates/infra/main.bicep;linenumber=12;columnnumber=5;code=BCP035]" +
            "templates/infra/main.bicep(12,5) BCP035: missing property; see [docs]%0Anext"));
        Assert.That(AzurePipelinesAnnotations.Format(problem with { Severity = Severity.Warning, Line = 0 }), Does.StartWith("##vso[task.logissue type=warning;sourcepath=templates/infra/main.bicep;code=BCP035]"));
    }

    [Test]
    public void Annotations_are_written_only_on_Azure_Pipelines()
    {
        var problems = new ProblemsException([new Problem("a.yaml", 1, 1, "x", "one"), new Problem("b.yaml", 2, 1, "y", "two")]);
        var output = new StringWriter();

        Assert.That(AzurePipelinesAnnotations.Emit(AzurePipelinesAnnotations.ProblemsOf(problems), output, _ => null), Is.Zero);
        Assert.That(AzurePipelinesAnnotations.Emit(AzurePipelinesAnnotations.ProblemsOf(problems), output, v => v == "TF_BUILD" ? "True" : null), Is.EqualTo(2));
        Assert.That(output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries), Has.All.StartWith("##vso[task.logissue type=error;sourcepath="));
    }

    [Test]
    public void Problems_become_a_SARIF_log_with_rule_level_and_location()
    {
        var sarif = System.Text.Json.Nodes.JsonNode.Parse(SarifLog.Render(
        [
            new Problem("templates/infra/phase1.bicep", 7, 3, "BCP037", "unknown property"),
            new Problem("artifacts/dev/snapshots/phase1.json", 0, 0, "storage.min-tls", "is TLS1_0", Severity.Warning),
        ], "1.0.0"))!;

        var run = sarif["runs"]![0]!;
        Assert.That((string?)sarif["version"], Is.EqualTo("2.1.0"));
        Assert.That(run["tool"]!["driver"]!["rules"]!.AsArray().Select(r => (string?)r!["id"]), Is.EqualTo(new[] { "BCP037", "storage.min-tls" }));
        var first = run["results"]![0]!;
        Assert.That((string?)first["level"], Is.EqualTo("error"));
        Assert.That((string?)first["locations"]![0]!["physicalLocation"]!["artifactLocation"]!["uri"], Is.EqualTo("templates/infra/phase1.bicep"));
        Assert.That((int?)first["locations"]![0]!["physicalLocation"]!["region"]!["startLine"], Is.EqualTo(7));
        Assert.That((string?)run["results"]![1]!["level"], Is.EqualTo("warning"));
        Assert.That(run["results"]![1]!["locations"]![0]!["physicalLocation"]!["region"], Is.Null, "no line: the whole file");
    }

    [Test]
    public void Pipeline_runs_pull_request_then_package_then_each_environment_in_order_from_the_release()
    {
        var yaml = new YamlStream();
        yaml.Load(new StringReader(File.ReadAllText(Path.Combine(Repository.Root, "azure-pipelines.yml"))));
        var root = (YamlMappingNode)yaml.Documents[0].RootNode;
        var stages = ((YamlSequenceNode)root["stages"]).Cast<YamlMappingNode>().ToList();

        Assert.That(stages.Select(s => Scalar(s, "stage")), Is.EqualTo(new[] { "PullRequest", "Package", "Deploy_dev", "Deploy_stage", "Deploy_prod" }));
        Assert.That(stages.Select(s => s.Children.ContainsKey("dependsOn") ? Scalar(s, "dependsOn") : ""),
            Is.EqualTo(new[] { "", "PullRequest", "Package", "Deploy_dev", "Deploy_stage" }));

        var pr = Steps((YamlMappingNode)((YamlSequenceNode)stages[0]["jobs"])[0]);
        Assert.That(pr.Select(s => s.Contains("script") ? Scalar(s, "script") : s.Contains("task") ? Scalar(s, "task") : "").ToList(),
            Has.Some.Contains("--target=Validate").And.Some.StartsWith("dotnet test").And.Some.EqualTo("PublishTestResults@2"));
        Assert.That(pr.Where(s => s.Contains("inputs")).Select(s => s["inputs"].ToString()), Has.Some.Contains("CodeAnalysisLogs"), "SARIF is published for the Scans tab");
        Assert.That(Steps((YamlMappingNode)((YamlSequenceNode)stages[1]["jobs"])[0]).Select(s => s.Contains("script") ? Scalar(s, "script") : ""), Has.Some.Contains("--target=Package"));

        foreach (var (stage, env) in stages.Skip(2).Zip(new[] { "dev", "stage", "prod" }))
        {
            var jobs = ((YamlSequenceNode)stage["jobs"]).Cast<YamlMappingNode>().ToList();
            Assert.That(Scalar(jobs[0], "job"), Is.EqualTo("WhatIf"));
            Assert.That(Steps(jobs[0]).Single(s => s.Contains("task") && Scalar(s, "task") == "AzureCLI@2")["inputs"]["inlineScript"].ToString(),
                Does.Contain("--what-if=true").And.Contain("--from-release="));

            var deployment = jobs[1];
            Assert.That(Scalar(deployment, "deployment"), Is.EqualTo("Deploy"));
            Assert.That(Scalar(deployment, "dependsOn"), Is.EqualTo("WhatIf"), "approval gates the deployment only after the what-if ran");
            Assert.That(Scalar(deployment, "environment"), Is.EqualTo($"projectscout-{env}"));
            Assert.That(((YamlMappingNode)stage["variables"])["environmentName"].ToString(), Is.EqualTo(env));

            var deploySteps = ((YamlSequenceNode)deployment["strategy"]["runOnce"]["deploy"]["steps"]).Cast<YamlMappingNode>()
                .Where(s => s.Contains("task") && Scalar(s, "task") == "AzureCLI@2").ToList();
            Assert.That(deploySteps.Select(s => Scalar(s, "displayName")), Is.EqualTo(new[] { "DeployPhase1", "DeployPhase2", "DeployPhase3", "RecordDeployment" }));
            foreach (var (step, phase) in deploySteps.Take(3).Select((s, i) => (s, i + 1)))
            {
                var inputs = (YamlMappingNode)step["inputs"];
                Assert.That(inputs["azureSubscription"].ToString(), Is.EqualTo($"projectscout-{env}"), "a literal: service-connection inputs are resolved before runtime variables");
                Assert.That(step["env"]["SYSTEM_ACCESSTOKEN"].ToString(), Is.EqualTo("$(System.AccessToken)"), "AzurePipelinesCredential needs the job token");
                Assert.That(inputs["inlineScript"].ToString(), Does.Contain($"--target=DeployPhase{phase} ").And.Contain("--from-release=").And.Not.Contain("--what-if"));
            }

        }
    }

    private static string Scalar(YamlMappingNode node, string key) => ((YamlScalarNode)node[key]).Value ?? "";

    private static List<YamlMappingNode> Steps(YamlMappingNode job) => ((YamlSequenceNode)job["steps"]).Cast<YamlMappingNode>().ToList();
}

internal static class YamlExtensions
{
    public static bool Contains(this YamlMappingNode node, string key) => node.Children.ContainsKey(new YamlScalarNode(key));
}
