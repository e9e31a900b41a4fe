using ProjectScout.Model.Environments;
using ProjectScout.Model.Infra;
using ProjectScout.Model.Layout;
using ProjectScout.Toolkit.Environments;
using ProjectScout.Toolkit.Infra;
using ProjectScout.Toolkit.Layout;

namespace ProjectScout.Toolkit.Tests.Infra;

/// <summary>
/// Breaking a template in a scratch copy must fail the checks with a message naming the file or resource, the
/// property and the rule. Four independent breakages share one scratch copy and one build (each is asserted alone).
/// </summary>
[TestFixture]
public sealed class BrokenInfraTests
{
    private string _root = null!;
    private IReadOnlyList<PolicyCheckResult> _results = null!;
    private ToolkitLayout _layout = null!;

    [OneTimeSetUp]
    public async Task BreakAndBuild()
    {
        _root = Repository.CopyInputs("infra-broken");
        _layout = new ToolkitLayout { Root = _root };
        Edit("modules/storage-account.bicep", "minimumTlsVersion: 'TLS1_2'", "minimumTlsVersion: 'TLS1_0'");
        Edit("modules/storage-account.bicep", "allowBlobPublicAccess: false", "allowBlobPublicAccess: true");
        Edit("modules/virtual-network.bicep", """
                      networkSecurityGroup: {
                        id: subnet.networkSecurityGroupResourceId
                      }
            """, """
                      networkSecurityGroup: subnet.name == '${name}-private-endpoints' ? null : { id: subnet.networkSecurityGroupResourceId }
            """);
        // The routing rules stop matching on severity: no alert reaches a tier's action group any more.
        Edit("modules/alerting.bicep", "operator: 'Equals'", "operator: 'NotEquals'");

        var env = Load("sandbox");
        var build = await new InfraBuildService(_layout, _ => null).BuildAsync(env, () => SharedBicep.Client);
        Assert.That(build.HasErrors, Is.False, string.Join("\n", build.Diagnostics));
        _results = new InfraPolicyResults(_layout).EvaluateAndSave(env);
    }

    [OneTimeTearDown]
    public void Delete() => Directory.Delete(_root, recursive: true);

    [TestCase("storage.min-tls", "Microsoft.Storage/storageAccounts 'tbwajuicerstgsbx' properties.minimumTlsVersion: is TLS1_0; must be TLS1_2")]
    [TestCase("storage.no-public-blob-access", "Microsoft.Storage/storageAccounts 'tbwajuicerstgsbx' properties.allowBlobPublicAccess: is true; must be false")]
    [TestCase("network.subnet-nsg", "Microsoft.Network/virtualNetworks 'juicer-vnet-sbx' properties.subnets[juicer-vnet-sbx-private-endpoints].networkSecurityGroup: no NSG; every subnet needs one")]
    [TestCase("monitoring.alert-action-group", "Microsoft.Insights/metricAlerts 'tbwajuicerstgsbx-capacity-alert' properties.actions: notifies no action group: no alert processing rule routes Sev2")]
    public void A_breakage_fails_naming_resource_property_and_rule(string rule, string message)
    {
        var failures = new InfraPolicyResults(_layout).Failures("sandbox", _results);

        Assert.That(failures.Select(f => f.ToString()), Has.Some.EqualTo($"artifacts/sandbox/snapshots/phase1.json {rule}: {message}"));
    }

    [Test]
    public void Unbroken_resources_still_pass_and_are_reported()
    {
        Assert.Multiple(() =>
        {
            // The backup account (phase 3) uses the same broken module, so it fails too: one failure per account.
            Assert.That(_results.Count(r => r.RuleId == "storage.min-tls" && !r.Passed), Is.EqualTo(2));
            Assert.That(_results.Where(r => r.RuleId == "keyvault.purge-protection").Select(r => r.Passed), Is.Not.Empty.And.All.True);
            Assert.That(_results.Single(r => r.RuleId == "network.subnet-nsg" && r.Property.Contains("databricks-host")).Passed, Is.True);
        });
    }

    [Test]
    public async Task A_syntax_error_fails_with_file_line_and_code()
    {
        var root = Repository.CopyInputs("infra-syntax");
        try
        {
            var layout = new ToolkitLayout { Root = root };
            var path = Path.Combine(layout.Infra, "modules", "key-vault.bicep");
            File.WriteAllText(path, File.ReadAllText(path).Replace("enablePurgeProtection: true", "enablePurgeProtection: true )"));

            var result = await new InfraBuildService(layout, _ => null).BuildAsync(Load("sandbox", layout), () => SharedBicep.Client);

            var line = File.ReadAllLines(path).ToList().FindIndex(l => l.Contains("enablePurgeProtection: true )", StringComparison.Ordinal)) + 1;
            Assert.That(result.HasErrors, Is.True);
            Assert.That(result.Diagnostics.Select(d => d.ToString()), Has.Some.Match($@"^templates/infra/modules/key-vault\.bicep\({line},\d+\) BCP\d+: "));
            Assert.That(File.Exists(Path.Combine(layout.For("sandbox").Infra, InfraBuildService.StampFileName)), Is.False, "a failed build must not be stamped as up to date");
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Test]
    public void A_weakened_lint_profile_fails_naming_the_rule()
    {
        var config = Path.Combine(_layout.Infra, InfraBuildService.ConfigFileName);
        var weakened = Path.Combine(Path.GetDirectoryName(config)!, "weakened-bicepconfig.json");
        File.WriteAllText(weakened, File.ReadAllText(config).Replace("\"outputs-should-not-contain-secrets\": { \"level\": \"error\" }", "\"outputs-should-not-contain-secrets\": { \"level\": \"warning\" }"));

        var problems = new InfraBuildService(_layout).CheckLintProfile(weakened);

        Assert.That(problems.Select(p => p.ToString()), Is.EqualTo(new[]
        {
            "templates/infra/weakened-bicepconfig.json infra.bicepconfig-weakened: lint rule 'outputs-should-not-contain-secrets' must stay at level \"error\" (is warning); the strict profile is part of the pre-deploy checklist.",
        }));
        Assert.That(new InfraBuildService(_layout).CheckLintProfile(config), Is.Empty);
    }

    private void Edit(string relative, string find, string replace)
    {
        var path = Path.Combine(_layout.Infra, relative);
        var text = File.ReadAllText(path);
        Assert.That(text, Does.Contain(find), $"{relative} no longer contains the text this test breaks");
        File.WriteAllText(path, text.Replace(find, replace));
    }

    private EnvironmentDefinition Load(string name, ToolkitLayout? layout = null)
    {
        layout ??= _layout;
        return new EnvironmentCatalog(layout.Environments, layout.Display).Load(name);
    }
}
