using System.Text.RegularExpressions;
using ProjectScout.Model.Diagnostics;
using ProjectScout.Toolkit.Release;
using YamlDotNet.RepresentationModel;

namespace ProjectScout.Toolkit.Tests.Release;

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

    private const string DeployStageTemplate = ".azure-pipelines/deploy-stage.yml";

    [Test]
    public void Pipeline_runs_pull_request_then_package_then_each_environment_in_order_from_one_stage_template()
    {
        var stages = Sequence(Load("azure-pipelines.yml"), "stages");

        Assert.That(stages.Take(2).Select(s => Scalar(s, "stage")), Is.EqualTo(new[] { "PullRequest", "Package" }));
        Assert.That(Scalar(stages[1], "dependsOn"), Is.EqualTo("PullRequest"));
        Assert.That(stages.Skip(2).Select(s => s.Contains("template") ? Scalar(s, "template") : Scalar(s, "stage")), Has.All.EqualTo(DeployStageTemplate),
            "every environment's stage is the one template, never a copy");
        Assert.That(stages.Skip(2).Select(s => Scalar((YamlMappingNode)s["parameters"], "environment")), Is.EqualTo(new[] { "dev", "stage", "prod" }));

        var pr = Steps((YamlMappingNode)((YamlSequenceNode)stages[0]["jobs"])[0]);
        Assert.That(pr.Select(s => s.Contains("script") ? Scalar(s, "script") : s.Contains("task") ? Scalar(s, "task") : "").ToList(),
            Has.Some.Contains("--target=Validate").And.Some.StartsWith("dotnet test").And.Some.EqualTo("PublishTestResults@2"));
        Assert.That(pr.Where(s => s.Contains("inputs")).Select(s => s["inputs"].ToString()), Has.Some.Contains("CodeAnalysisLogs"), "SARIF is published for the Scans tab");
        var packageJob = (YamlMappingNode)((YamlSequenceNode)stages[1]["jobs"])[0];
        var package = Steps(packageJob).Single(s => s.Contains("script") && Scalar(s, "script").Contains("--target=Package"));
        // The hash travels as the Package step's output variable: stageDependencies.<stage>.<job>.outputs['<step>.<variable>'].
        var hashSource = $"stageDependencies.Package.{Scalar(packageJob, "job")}.outputs['{Scalar(package, "name")}.{ProjectScout.Toolkit.Steps.Bundle.Sha256OutputVariable}']";

        // Expanded as Azure Pipelines would, each reference yields the environment's stage, after the previous one.
        var deployStages = stages.Skip(2).Select(s => ExpandDeployStage((YamlMappingNode)s["parameters"])).ToList();
        Assert.That(deployStages.Select(s => Scalar(s, "stage")), Is.EqualTo(new[] { "Deploy_dev", "Deploy_stage", "Deploy_prod" }));
        Assert.That(deployStages.Select(s => string.Join(",", ((YamlSequenceNode)s["dependsOn"]).Select(d => d.ToString()))),
            Is.EqualTo(new[] { "Package", "Package,Deploy_dev", "Package,Deploy_stage" }), "after the previous stage, and on Package for its output");
        Assert.That(deployStages.Select(s => s["variables"]["releaseSha256"].ToString()), Has.All.EqualTo($"$[ {hashSource} ]"));
        Assert.That(deployStages.Select(s => Scalar(s, "condition")), Has.All.Contains("ne(variables['Build.Reason'], 'PullRequest')"), "pull requests never deploy");

        foreach (var (stage, env) in deployStages.Zip(new[] { "dev", "stage", "prod" }))
        {
            var jobs = Sequence(stage, "jobs");
            Assert.That(jobs.Select(j => j.Contains("job") ? Scalar(j, "job") : Scalar(j, "deployment")), Is.EqualTo(new[] { "WhatIf", "Deploy" }));

            var whatIf = AzureCliSteps(Steps(jobs[0]));
            Assert.That(whatIf.Select(Script), Has.Exactly(1).Items, "one host start plans all phases");
            AssertRunsAsTheEnvironment(whatIf.Single(), env);
            Assert.That(Script(whatIf.Single()), Does.StartWith("./build.sh --target=DeployAll ").And.Contain($"--environment={env} ")
                .And.Contain("--what-if=true").And.Contain("--from-release=").And.Contain("--release-sha256=$(releaseSha256)").And.EndWith("|| test $? -eq 2"), "exit code 2 (changes planned) passes the preview");

            var deployment = jobs[1];
            Assert.That(Scalar(deployment, "dependsOn"), Is.EqualTo("WhatIf"), "the environment's approval gates the deployment only after the what-if ran");
            Assert.That(Scalar(deployment, "environment"), Is.EqualTo($"projectscout-{env}"));
            var deploySteps = AzureCliSteps(Sequence((YamlMappingNode)deployment["strategy"]["runOnce"]["deploy"], "steps"));
            Assert.That(deploySteps.Select(s => Scalar(s, "displayName")), Is.EqualTo(new[] { "DeployAll", "RecordDeployment" }));
            deploySteps.ForEach(s => AssertRunsAsTheEnvironment(s, env));
            Assert.That(Script(deploySteps[0]), Does.StartWith("./build.sh --target=DeployAll ").And.Contain($"--environment={env} ")
                .And.Contain("--from-release=").And.Contain("--release-sha256=$(releaseSha256)").And.Contain("--auto-approve").And.Not.Contain("--what-if"), "no terminal in a pipeline: the opt-in is explicit");
            Assert.That(Script(deploySteps[1]), Does.StartWith("./build.sh --target=RecordDeployment ").And.Contain($"--environment={env} "));
        }

        var template = File.ReadAllText(Path.Combine(Repository.Root, DeployStageTemplate));
        Assert.That(template.Split("./build.sh").Length - 1, Is.EqualTo(3), "a stage starts the host three times: what-if, deploy, record");
        Assert.That(template, Does.Not.Contain("DeployPhase"), "phases run inside DeployAll, not as separate host starts");
    }

    [Test]
    public void A_deploy_stage_reference_without_a_required_parameter_is_caught()
    {
        var parameters = (YamlMappingNode)Sequence(Load("azure-pipelines.yml"), "stages")[2]["parameters"];
        parameters.Children.Remove(new YamlScalarNode("serviceConnection"));

        Assert.That(() => ExpandDeployStage(parameters), Throws.InvalidOperationException.With.Message.Contains("serviceConnection"));
    }

    private static void AssertRunsAsTheEnvironment(YamlMappingNode step, string env)
    {
        Assert.That(step["inputs"]["azureSubscription"].ToString(), Is.EqualTo($"projectscout-{env}"), "a literal: service-connection inputs are resolved before runtime variables");
        Assert.That(step["env"]["SYSTEM_ACCESSTOKEN"].ToString(), Is.EqualTo("$(System.AccessToken)"), "AzurePipelinesCredential needs the job token");
    }

    /// <summary>
    /// The deploy stage template with <paramref name="given"/> substituted for its <c>${{ parameters.x }}</c> expressions
    /// (declared defaults apply; a required parameter that is missing fails, as in Azure Pipelines), parsed.
    /// </summary>
    private static YamlMappingNode ExpandDeployStage(YamlMappingNode given)
    {
        var text = File.ReadAllText(Path.Combine(Repository.Root, DeployStageTemplate));
        var declared = Sequence(Parse(text), "parameters").ToDictionary(p => Scalar(p, "name"), p => p.Contains("default") ? Scalar(p, "default") : null);
        var unknown = given.Children.Keys.Select(k => k.ToString()).Where(k => !declared.ContainsKey(k)).ToList();
        Assert.That(unknown, Is.Empty, "parameters the template does not declare");

        var values = declared.ToDictionary(p => p.Key, p => given.Contains(p.Key) ? Scalar(given, p.Key)
            : p.Value ?? throw new InvalidOperationException($"{DeployStageTemplate}: required parameter {p.Key} not given"));
        // A conditional insertion "- ${{ if ne(parameters.x, 'v') }}:" keeps its nested items when x is not v, as Azure Pipelines does.
        var body = Regex.Replace(text[text.IndexOf("\nstages:", StringComparison.Ordinal)..],
            @"\n(\s*)- \$\{\{ if ne\(parameters\.(\w+), '([^']*)'\) \}\}:\n\s*(- [^\n]*)",
            m => values.TryGetValue(m.Groups[2].Value, out var v) && v != m.Groups[3].Value ? $"\n{m.Groups[1].Value}{m.Groups[4].Value}" : "");
        var expanded = Regex.Replace(body, @"\$\{\{\s*parameters\.(\w+)\s*\}\}",
            m => values.TryGetValue(m.Groups[1].Value, out var v) ? v : throw new InvalidOperationException($"{DeployStageTemplate}: undeclared parameter {m.Groups[1].Value}"));
        return Sequence(Parse(expanded), "stages").Single();
    }

    private static YamlMappingNode Load(string relativePath) => Parse(File.ReadAllText(Path.Combine(Repository.Root, relativePath)));

    private static YamlMappingNode Parse(string text)
    {
        var yaml = new YamlStream();
        yaml.Load(new StringReader(text));
        return (YamlMappingNode)yaml.Documents[0].RootNode;
    }

    private static List<YamlMappingNode> AzureCliSteps(List<YamlMappingNode> steps) =>
        steps.Where(s => s.Contains("task") && Scalar(s, "task") == "AzureCLI@2").ToList();

    private static string Script(YamlMappingNode azureCliStep) => azureCliStep["inputs"]["inlineScript"].ToString();

    private static List<YamlMappingNode> Sequence(YamlMappingNode node, string key) => ((YamlSequenceNode)node[key]).Cast<YamlMappingNode>().ToList();

    private static string Scalar(YamlMappingNode node, string key) => ((YamlScalarNode)node[key]).Value ?? "";

    private static List<YamlMappingNode> Steps(YamlMappingNode job) => Sequence(job, "steps");
}

internal static class YamlExtensions
{
    public static bool Contains(this YamlMappingNode node, string key) => node.Children.ContainsKey(new YamlScalarNode(key));
}
