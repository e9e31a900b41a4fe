using System.Text.Json.Nodes;
using ProjectScout.Model.Diagnostics;
using ProjectScout.Toolkit.Bicep;

namespace ProjectScout.Toolkit.Tests.Infra;

/// <summary>The hand-written JSON-RPC client against the real pinned Bicep CLI.</summary>
public sealed class BicepClientTests
{
    private static readonly SnapshotMetadata Context = new("00000000-0000-0000-0000-0000000000aa", "rg-test", "westeurope", "00000000-0000-0000-0000-0000000000bb", "test-deployment");

    private string _scratch = null!;

    [SetUp]
    public void CreateScratch() => _scratch = Repository.NewScratchDirectory("bicep-client");

    [TearDown]
    public void DeleteScratch() => Directory.Delete(_scratch, recursive: true);

    [Test]
    public async Task Version_is_the_pinned_cli_version()
    {
        Assert.That(await SharedBicep.Client.GetVersionAsync(), Is.EqualTo(BicepCli.PinnedVersion));
    }

    [Test]
    public async Task Compile_reports_one_based_positions_and_the_template()
    {
        var good = Write("good.bicep", "param name string\noutput upper string = toUpper(name)\n");
        var bad = Write("bad.bicep", "param unused string\nresource x 'nonsense' = \n");

        var compiled = await SharedBicep.Client.CompileAsync(good);
        var broken = await SharedBicep.Client.CompileAsync(bad);

        Assert.Multiple(() =>
        {
            Assert.That(compiled.Success, Is.True);
            Assert.That(JsonNode.Parse(compiled.Template!)!["outputs"]!["upper"], Is.Not.Null);
            Assert.That(broken.Success, Is.False);
            var unused = broken.Diagnostics.Single(d => d.Code == "no-unused-params");
            // "param unused" → the name starts in column 7 of line 1, as the CLI's text output says.
            Assert.That((unused.Line, unused.Column), Is.EqualTo((1, 7)));
            Assert.That(broken.Diagnostics.Any(d => d.Code == "BCP029" && d.Line == 2 && d.Level == BicepDiagnosticLevel.Error), Is.True);
            Assert.That(unused.ToProblem(_ => "bad.bicep").ToString(), Is.EqualTo("bad.bicep(1,7) warning no-unused-params: Parameter \"unused\" is declared but never used."));
        });
    }

    [Test]
    public async Task Compile_params_applies_overrides()
    {
        Write("main.bicep", "param name string\nparam count int = 1\noutput text string = '${name}-${count}'\n");
        var parameters = Write("main.bicepparam", "using 'main.bicep'\nparam name = 'from-file'\n");

        var result = await SharedBicep.Client.CompileParamsAsync(parameters, new Dictionary<string, JsonNode?> { ["count"] = 7 });

        var values = JsonNode.Parse(result.Parameters!)!["parameters"]!;
        Assert.Multiple(() =>
        {
            Assert.That(result.Success, Is.True);
            Assert.That((string?)values["name"]!["value"], Is.EqualTo("from-file"));
            Assert.That((int?)values["count"]!["value"], Is.EqualTo(7));
            Assert.That(JsonNode.Parse(result.Template!)!["outputs"]!["text"], Is.Not.Null);
        });
    }

    [Test]
    public async Task Snapshot_evaluates_the_deployment_context()
    {
        Write("main.bicep", """
            param name string
            resource account 'Microsoft.Storage/storageAccounts@2023-05-01' = {
              name: name
              location: resourceGroup().location
              kind: 'StorageV2'
              sku: { name: 'Standard_LRS' }
              tags: { sub: subscription().subscriptionId }
            }
            output id string = account.id
            """);
        var parameters = Write("main.bicepparam", "using 'main.bicep'\nparam name = 'stjuicertest'\n");

        var snapshot = await SharedBicep.Client.GetSnapshotAsync(parameters, Context);

        var account = snapshot.OfType("Microsoft.Storage/storageAccounts").Single();
        Assert.Multiple(() =>
        {
            Assert.That((string?)account["location"], Is.EqualTo("westeurope"));
            Assert.That((string?)account["tags"]!["sub"], Is.EqualTo(Context.SubscriptionId));
            Assert.That((string?)snapshot.Outputs["id"], Is.EqualTo($"/subscriptions/{Context.SubscriptionId}/resourceGroups/rg-test/providers/Microsoft.Storage/storageAccounts/stjuicertest"));
        });
    }

    [Test]
    public void Snapshot_of_a_broken_template_throws_the_compile_errors()
    {
        Write("main.bicep", "param name string\noutput x string = nme\n");
        var parameters = Write("main.bicepparam", "using 'main.bicep'\nparam name = 'a'\n");

        var ex = Assert.ThrowsAsync<ProblemsException>(() => SharedBicep.Client.GetSnapshotAsync(parameters, Context));

        Assert.That(ex!.Problems.Select(p => p.Code), Does.Contain("BCP057"));
    }

    [Test]
    public async Task Evaluates_a_hand_written_arm_template_with_both_parameter_shapes()
    {
        var template = JsonNode.Parse("""
            {
              "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
              "contentVersion": "1.0.0.0",
              "parameters": {
                "vaultName": { "type": "string" },
                "settings": { "type": "object" },
                "secret": { "type": "securestring" }
              },
              "resources": [
                {
                  "type": "Microsoft.KeyVault/vaults",
                  "apiVersion": "2023-07-01",
                  "name": "[parameters('vaultName')]",
                  "location": "[resourceGroup().location]",
                  "properties": {
                    "tenantId": "[subscription().tenantId]",
                    "sku": { "family": "A", "name": "standard" },
                    "enableSoftDelete": "[parameters('settings').softDelete]",
                    "note": "[parameters('settings').note]"
                  }
                }
              ]
            }
            """)!.AsObject();
        var wrapped = JsonNode.Parse("""
            { "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#", "contentVersion": "1.0.0.0",
              "parameters": { "vaultName": { "value": "kv-juicer" }, "settings": { "value": { "softDelete": true, "note": "it's ${not} interpolated\\n" } },
                              "secret": { "reference": { "keyVault": { "id": "/x" }, "secretName": "db-password" } } } }
            """)!.AsObject();
        var bare = wrapped["parameters"]!.DeepClone().AsObject();

        var first = await SharedBicep.Client.EvaluateArmTemplateAsync(template, wrapped, Context);
        var second = await SharedBicep.Client.EvaluateArmTemplateAsync(template, bare, Context);

        var vault = first.OfType("Microsoft.KeyVault/vaults").Single();
        Assert.Multiple(() =>
        {
            Assert.That((string?)vault["name"], Is.EqualTo("kv-juicer"));
            Assert.That((bool?)vault["properties"]!["enableSoftDelete"], Is.True);
            Assert.That((string?)vault["properties"]!["note"], Is.EqualTo("it's ${not} interpolated\\n"));
            Assert.That(second.PredictedResources.Select(r => r.ToJsonString()), Is.EqualTo(first.PredictedResources.Select(r => r.ToJsonString())));
        });
    }

    [Test]
    public void Evaluating_a_template_with_a_missing_parameter_names_the_problem()
    {
        var template = JsonNode.Parse("""
            { "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#", "contentVersion": "1.0.0.0",
              "parameters": { "name": { "type": "string" } }, "resources": [] }
            """)!.AsObject();

        var ex = Assert.ThrowsAsync<ProblemsException>(() => SharedBicep.Client.EvaluateArmTemplateAsync(template, new JsonObject(), Context));

        Assert.That(ex!.Message, Does.Contain("name"));
    }

    [Test]
    public async Task Concurrent_calls_on_one_process_each_get_their_own_answer()
    {
        var files = Enumerable.Range(0, 12).Select(i => Write($"f{i}.bicep", $"output value int = {i}\n")).ToList();

        var results = await Task.WhenAll(files.Select(f => SharedBicep.Client.CompileAsync(f)));

        Assert.That(results.Select(r => (int)JsonNode.Parse(r.Template!)!["outputs"]!["value"]!["value"]!), Is.EqualTo(Enumerable.Range(0, 12)));
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_scratch, name);
        File.WriteAllText(path, text);
        return path;
    }
}

/// <summary>The sandbox evaluates submitted ARM deployments with EvaluateArmTemplateAsync: it must predict what the bicepparam snapshot predicts.</summary>
public sealed class ArmEvaluationTests
{
    [Test]
    public async Task The_compiled_phase_template_and_parameters_evaluate_to_the_same_resources_as_the_bicepparam_snapshot()
    {
        var artifacts = Repository.NewScratchDirectory("infra-arm-eval");
        try
        {
            var layout = Repository.Layout with { ArtifactsRelative = artifacts };
            var env = new ProjectScout.Toolkit.Environments.EnvironmentCatalog(layout.Environments, layout.Display).Load("sandbox");
            var build = await new ProjectScout.Toolkit.Infra.InfraBuildService(layout, _ => null).BuildAsync(env, () => SharedBicep.Client);
            var phase = build.Phases[0];

            var evaluated = await SharedBicep.Client.EvaluateArmTemplateAsync(
                JsonNode.Parse(File.ReadAllText(phase.CompiledTemplate))!.AsObject(),
                JsonNode.Parse(File.ReadAllText(phase.CompiledParameters))!.AsObject(),
                ProjectScout.Toolkit.Infra.SnapshotContext.For(env, phase.ReadDeploymentName(env.Name), _ => null));
            var expected = BicepClient.ParseSnapshot(File.ReadAllText(phase.Snapshot));

            Assert.That(evaluated.PredictedResources.Select(r => (string?)r["id"]).Order(), Is.EqualTo(expected.PredictedResources.Select(r => (string?)r["id"]).Order()));
            Assert.That(evaluated.PredictedResources.Count, Is.GreaterThan(20));
        }
        finally
        {
            Directory.Delete(artifacts, recursive: true);
        }
    }
}
