using ProjectScout.Model.Diagnostics;
using ProjectScout.Model.Environments;
using ProjectScout.Toolkit.Environments;

namespace ProjectScout.Toolkit.Tests.Environments;

/// <summary>The shipped environment files load; each kind of broken file is rejected with its file, line and rule.</summary>
public sealed class EnvironmentLoadingTests() : EnvironmentFilesFixture("environments")
{
    [TestCase("sandbox")]
    [TestCase("dev")]
    [TestCase("stage")]
    [TestCase("prod")]
    public void Each_shipped_environment_loads_without_problems(string name)
    {
        var (definition, problems) = new EnvironmentCatalog(Repository.Layout.Environments).TryLoad(name);

        Assert.That(problems, Is.Empty, string.Join("\n", problems));
        Assert.That(definition!.Name, Is.EqualTo(name));
    }

    [Test]
    public void The_catalog_lists_the_four_environments_in_order() =>
        Assert.That(new EnvironmentCatalog(Repository.Layout.Environments).Names, Is.EqualTo(new[] { "dev", "prod", "sandbox", "stage" }));

    [Test]
    public void Prod_keeps_the_original_names_in_one_explicit_region()
    {
        var prod = new EnvironmentCatalog(Repository.Layout.Environments).Load("prod");

        Assert.Multiple(() =>
        {
            Assert.That(prod.Azure.ResourceGroup, Is.EqualTo("RG-TBWA-ProjectScout-Juicer"));
            Assert.That(prod.Names.DatabricksWorkspace, Is.EqualTo("tbwa-juicer-databricks"));
            Assert.That(prod.Names.StorageAccount, Is.EqualTo("tbwajuicerstorage"));
            Assert.That(prod.Names.KeyVault, Is.EqualTo("kv-tbwa-juicer-insights2"));
            Assert.That(prod.Names.LogAnalyticsWorkspace, Is.EqualTo("juicer-log-analytics"));
            Assert.That(prod.Names.ActionGroup, Is.EqualTo("juicer-alerts-action-group"));
            Assert.That(prod.Names.VirtualNetwork, Is.EqualTo("juicer-vnet"));
            Assert.That(prod.Names.AutomationAccount, Is.EqualTo("juicer-key-rotation"));
            Assert.That(prod.Azure.Location, Is.EqualTo("eastus2"));
            Assert.That(prod.Monitoring.RetentionDays, Is.GreaterThanOrEqualTo(90));
        });
    }

    [Test]
    public void A_bad_storage_account_name_names_the_file_and_line()
    {
        var line = Edit("dev", "storageAccount: tbwajuicerstgdev", "storageAccount: TBWA_Juicer_Storage");

        var problem = Single("dev", "env.storage-account-name");
        Assert.That(problem.File, Is.EqualTo("templates/environments/dev.yaml"));
        Assert.That(problem.Line, Is.EqualTo(line));
        Assert.That(problem.ToString(), Does.StartWith($"templates/environments/dev.yaml({line},").And.Contain("3-24 lowercase letters and digits"));
    }

    [Test]
    public void Overlapping_subnets_are_rejected_at_the_second_subnet()
    {
        var line = Edit("dev", "databricksContainer: 10.20.4.0/24", "databricksContainer: 10.20.3.128/25");

        var problem = Single("dev", "env.subnet-overlap");
        Assert.That(problem.Line, Is.EqualTo(line));
        Assert.That(problem.Message, Does.Contain("overlaps network.subnets.databricksHost"));
    }

    [Test]
    public void A_missing_location_is_reported_at_the_azure_section()
    {
        Edit("dev", "  location: eastus2\n", "");
        var azureLine = LineOf("dev", "azure:");

        var problem = Single("dev", "env.required");
        Assert.That(problem.Message, Does.Contain("azure.location is required"));
        Assert.That(problem.Line, Is.EqualTo(azureLine));
    }

    [Test]
    public void Malformed_yaml_is_a_syntax_problem_with_its_line()
    {
        var line = Edit("dev", "  retentionDays: 30", "  retentionDays: [30");

        var (_, problems) = Catalog.TryLoad("dev");
        Assert.That(problems, Has.Count.EqualTo(1));
        Assert.That(problems[0].Code, Is.EqualTo("env.syntax"));
        Assert.That(problems[0].Line, Is.InRange(line, line + 2));
    }

    [TestCase("https://evil.example.com")]
    [TestCase("https://adb-1234567890123456.7.azuredatabricks.net.evil.example.com")]
    [TestCase("http://adb-1234567890123456.7.azuredatabricks.net")]
    [TestCase("https://westus.azuredatabricks.net")]
    public void A_databricks_host_must_be_an_Azure_Databricks_workspace_URL(string host)
    {
        // The Databricks token would be sent to this host.
        var line = Edit("dev", "  catalog: insight_pulse_ai_dev", $"  host: {host}\n  catalog: insight_pulse_ai_dev");

        var problem = Single("dev", "env.databricks-host");
        Assert.That(problem.Line, Is.EqualTo(line));
        Assert.That(problem.Message, Does.Contain("adb-<workspace-id>.<n>.azuredatabricks.net"));
    }

    [Test]
    public void A_per_workspace_Azure_Databricks_URL_is_accepted()
    {
        Edit("dev", "  catalog: insight_pulse_ai_dev", "  host: https://adb-5555555555555555.19.azuredatabricks.net/\n  catalog: insight_pulse_ai_dev");

        Assert.That(Catalog.TryLoad("dev").Problems, Is.Empty);
    }

    [Test]
    public void A_misspelt_setting_is_named()
    {
        var line = Edit("dev", "  location: eastus2", "  locaton: eastus2");

        var (_, problems) = Catalog.TryLoad("dev");
        Assert.That(problems.Single().Message, Does.Contain("locaton").And.Contain("not an environment setting"));
        Assert.That(problems.Single().Line, Is.EqualTo(line));
    }

    [Test]
    public void Every_problem_of_a_file_is_reported_in_one_run()
    {
        Edit("prod", "storageAccount: tbwajuicerstorage", "storageAccount: x");
        Edit("prod", "sku: Standard_RAGRS", "sku: Standard_LRS");
        Edit("prod", "        - juicer-oncall@tbwa-projectscout.com\n        - data", "        - not-an-email\n        - data");
        Edit("prod", "databricksHost: 10.0.3.0/24", "databricksHost: 10.1.3.0/24");
        Edit("prod", "databricksContainer: 10.0.4.0/24", "databricksContainer: 10.0.4.0/27");
        var cron = Edit("defaults", "dailyMedallion: 0 0 2 * * ?", "dailyMedallion: 0 0 2 * *");
        Edit("prod", "      maxWorkers: 4", "      maxWorkers: 2");
        Edit("prod", "    - 203.0.113.0/24", "    - 192.168.1.0/24");
        Edit("prod", "  retentionDays: 90", "  retentionDays: 30");

        var (_, problems) = Catalog.TryLoad("prod");
        var codes = problems.Select(p => p.Code).ToList();
        Assert.That(codes, Is.EquivalentTo(new[]
        {
            "env.storage-account-name", "env.storage-redundancy", "env.email", "env.subnet-containment", "env.subnet-size",
            "env.cron", "env.autoscale", "env.allowed-ip", "env.range",
        }), string.Join("\n", problems));
        Assert.That(problems.Select(p => (p.File, p.Line)).Distinct().Count(), Is.EqualTo(problems.Count), "each problem has its own line");
        Assert.That((problems.Single(p => p.Code == "env.cron").File, problems.Single(p => p.Code == "env.cron").Line), Is.EqualTo(("templates/environments/defaults.yaml", cron)),
            "a shared value's problem names the defaults file");
        Assert.That(problems.Where(p => p.Code != "env.cron").Select(p => p.File), Is.All.EqualTo("templates/environments/prod.yaml"));
    }

    [Test]
    public void The_name_must_match_the_file()
    {
        Edit("stage", "name: stage", "name: staging");

        Assert.That(Single("stage", "env.name").Message, Does.Contain("does not match the file name 'stage.yaml'"));
    }

    [Test]
    public void Loading_throws_one_exception_listing_every_problem()
    {
        Edit("dev", "storageAccount: tbwajuicerstgdev", "storageAccount: x");
        Edit("dev", "keyVault: kv-tbwa-juicer-dev", "keyVault: kv--bad");

        var exception = Assert.Throws<ProblemsException>(() => Catalog.Load("dev"))!;
        Assert.That(exception.Problems, Has.Count.EqualTo(2));
        Assert.That(exception.Message, Does.StartWith("2 problems:").And.Contain("dev.yaml("));
    }

    [Test]
    public void Stage_and_prod_sharing_a_catalog_in_one_region_is_refused_in_one_line_naming_both_files()
    {
        var stageLine = Edit("stage", "catalog: insight_pulse_ai_stage", "catalog: insight_pulse_ai");
        var prodLine = LineOf("prod", "  catalog:");

        var all = Catalog.LoadAll();
        var clashes = all.SelectMany(e => e.Problems).Where(p => p.Code == "env.catalog-clash").ToList();
        Assert.That(clashes, Has.Count.EqualTo(1), "one line, in the file that must change");
        Assert.That(clashes[0].File, Is.EqualTo("templates/environments/stage.yaml"));
        Assert.That(clashes[0].Line, Is.EqualTo(stageLine));
        Assert.That(clashes[0].Message, Does.Contain($"templates/environments/prod.yaml:{prodLine}").And.Contain("eastus2"));
        Assert.That(all.Single(e => e.Name == "stage").Problems, Has.Member(clashes[0]));
    }

    [Test]
    public void The_same_catalog_in_another_region_or_in_the_sandbox_is_no_clash()
    {
        Edit("stage", "catalog: insight_pulse_ai_stage", "catalog: insight_pulse_ai");
        Edit("stage", "location: eastus2", "location: westeurope");
        Edit("sandbox", "catalog: insight_pulse_ai_sbx", "catalog: insight_pulse_ai");

        Assert.That(Catalog.LoadAll().SelectMany(e => e.Problems), Is.Empty);
    }

    [Test]
    public void The_shipped_environments_have_no_cross_file_problems() =>
        Assert.That(new EnvironmentCatalog(Repository.Layout.Environments).LoadAll().SelectMany(e => e.Problems), Is.Empty);

    [Test]
    public void A_firewall_egress_needs_an_IPv4_next_hop()
    {
        // The environment's egress mapping merges over the defaults' (mode: natGateway): its own keys win.
        var line = Edit("dev", "    - 198.51.100.0/24\n", "    - 198.51.100.0/24\n  egress:\n    mode: firewall\n    firewallIp: 10.100.0.300\n") + 3;

        var problem = Single("dev", "env.egress");
        Assert.That((problem.File, problem.Line), Is.EqualTo(("templates/environments/dev.yaml", line)));
        Assert.That(problem.Message, Does.Contain("not an IPv4 address"));

        Edit("dev", "10.100.0.300", "10.100.0.4");
        Assert.That(Catalog.TryLoad("dev").Problems, Is.Empty);
    }

    [Test]
    public void An_unknown_egress_mode_is_named()
    {
        var line = Edit("defaults", "mode: natGateway", "mode: internet");

        var problem = Single("dev", "env.egress");
        Assert.That((problem.File, problem.Line), Is.EqualTo(("templates/environments/defaults.yaml", line)));
        Assert.That(problem.Message, Does.Contain("natGateway or firewall"));
    }

    [Test]
    public void The_AzureDatabricks_object_id_must_be_a_GUID()
    {
        var line = Edit("dev", "azureDatabricksObjectId: 00000000-0000-0000-0000-0000000adb00", "azureDatabricksObjectId: AzureDatabricks");

        var problem = Single("dev", "env.guid");
        Assert.That(problem.ToString(), Does.StartWith($"templates/environments/dev.yaml({line},").And.Contain("az ad sp show --id 2ff814a6-3304-4ab8-85cb-cd0e6f879c1d"));
    }

    private Problem Single(string environment, string code)
    {
        var (_, problems) = Catalog.TryLoad(environment);
        Assert.That(problems.Select(p => p.Code), Is.EqualTo(new[] { code }), string.Join("\n", problems));
        return problems[0];
    }

    /// <summary>Replaces text in a scratch environment file and returns the 1-based line where the replacement starts.</summary>

    private int LineOf(string environment, string text)
    {
        var lines = File.ReadAllLines(Path.Combine(Scratch, environment + ".yaml"));
        return Array.FindIndex(lines, l => l.StartsWith(text, StringComparison.Ordinal)) + 1;
    }
}
