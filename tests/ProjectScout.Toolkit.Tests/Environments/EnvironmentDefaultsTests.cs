using ProjectScout.Model.Diagnostics;
using ProjectScout.Model.Environments;
using ProjectScout.Toolkit.Contracts;
using ProjectScout.Toolkit.Environments;
using ProjectScout.Toolkit.Lakehouse;
using ProjectScout.Toolkit.Layout;
using ProjectScout.Toolkit.Rendering;

namespace ProjectScout.Toolkit.Tests.Environments;

/// <summary>
/// templates/environments/defaults.yaml is merged beneath every environment file (mappings key by key, lists whole),
/// each problem names the file its value came from, and the defaults file is never an environment. A job's workload
/// class is its template's first line.
/// </summary>
public sealed class EnvironmentDefaultsTests() : EnvironmentFilesFixture("environment-defaults")
{
    private const string Defaults = "templates/environments/defaults.yaml";

    [Test]
    public void A_value_set_in_the_defaults_reaches_every_environment()
    {
        Edit("defaults", "  nearExpiryWarningDays: 14", "  nearExpiryWarningDays: 21");

        foreach (var name in Catalog.Names)
        {
            var environment = Catalog.Load(name);
            Assert.That(environment.KeyRotation.NearExpiryWarningDays, Is.EqualTo(21), name);
            Assert.That(environment.Databricks.SparkVersion, Is.EqualTo("15.4.x-scala2.12"), name);
            Assert.That(environment.Tags, Does.ContainKey("ManagedBy").And.ContainKey("Environment"), $"{name}: tags merge key by key");
        }
    }

    [Test]
    public void An_environment_key_wins_over_the_default_and_a_list_replaces_the_whole_list()
    {
        Assert.That(Catalog.Load("dev").Workload.Classes["standard"].MaxWorkers, Is.EqualTo(2), "dev's own ceiling");
        Assert.That(Catalog.Load("prod").Workload.Classes["standard"].MaxWorkers, Is.EqualTo(5), "prod keeps the default");
        Assert.That(Catalog.Load("dev").Workload.Classes["standard"].Availability, Is.EqualTo(WorkloadClass.SpotWithFallback), "the rest of the class comes from the defaults");

        var line = Edit("dev", "\ntags:\n", "\nkeyRotation:\n  thirdPartySecrets:\n    - name: ONLY-KEY\n      rotationDays: 30\n\ntags:\n");

        var dev = Catalog.Load("dev");
        Assert.That(dev.KeyRotation.ThirdPartySecrets.Select(s => s.Name), Is.EqualTo(new[] { "ONLY-KEY" }), "a list replaces the defaults' list");
        Assert.That(dev.KeyRotation.IntervalDays, Is.EqualTo(90), "the mapping's other keys still come from the defaults");

        Edit("dev", "      rotationDays: 30\n", "");
        var problem = Catalog.TryLoad("dev").Problems.Single();
        Assert.That((problem.File, problem.Line, problem.Code), Is.EqualTo(("templates/environments/dev.yaml", line + 3, "env.secret-expiry")), "the item is dev's");
    }

    [Test]
    public void An_unknown_key_in_the_defaults_is_named_at_its_line_in_the_defaults_file()
    {
        var line = Edit("defaults", "  secretScope: juicer-kv\n", "  secretScope: juicer-kv\n  secretScoop: juicer-kv\n") + 1;

        foreach (var name in new[] { "dev", "sandbox" })
        {
            var problem = Catalog.TryLoad(name).Problems.Single();
            Assert.That((problem.File, problem.Line), Is.EqualTo((Defaults, line)), problem.ToString());
            Assert.That(problem.Message, Does.Contain("secretScoop").And.Contain("not an environment setting"));
        }
    }

    [Test]
    public void What_makes_an_environment_itself_cannot_be_shared_in_the_defaults()
    {
        var line = Edit("defaults", "\ntags:\n", "\nisProduction: false\n\ntags:\n") + 1;

        var problem = Catalog.TryLoad("prod").Problems.Single();
        Assert.That((problem.File, problem.Line, problem.Code), Is.EqualTo((Defaults, line, "env.defaults-identity")), problem.ToString());
        Assert.That(problem.Message, Does.Contain("'isProduction' belongs to each environment"));
    }

    [Test]
    public void The_defaults_file_is_not_an_environment()
    {
        Assert.That(File.Exists(Path.Combine(Repository.Layout.Environments, EnvironmentDefaults.FileName)), "the shipped defaults exist");
        var catalog = new EnvironmentCatalog(Repository.Layout.Environments);
        Assert.That(catalog.Names, Is.EqualTo(new[] { "dev", "prod", "sandbox", "stage" }));
        Assert.That(catalog.LoadAll().Select(e => e.Name), Does.Not.Contain(EnvironmentDefaults.Name));
        var error = Assert.Throws<ToolkitException>(() => catalog.TryLoad(EnvironmentDefaults.Name));
        Assert.That(error!.Message, Does.StartWith("Unknown environment 'defaults'").And.Contain("Valid values: dev, prod, sandbox, stage."));
    }

    [Test]
    public void A_job_template_without_a_workload_class_fails_the_render_naming_the_template()
    {
        const string template = "templates/jobs/juicer_weekly_maintenance.json.scriban";
        var root = Repository.CopyInputs("render-no-class");
        try
        {
            var path = Path.Combine(root, template);
            var text = File.ReadAllText(path);
            Assert.That(WorkloadScript.DeclaredClass(text), Is.EqualTo("standard"), "the class is the template's first line");
            File.WriteAllText(path, text[(text.IndexOf('\n') + 1)..]);
            var layout = new ToolkitLayout { Root = root };
            var lakehouse = LakehouseLoader.Load(layout);
            var environment = new EnvironmentCatalog(layout.Environments).Load("sandbox");

            var error = Assert.Throws<ProblemsException>(() => new WorkspaceRenderer(layout, lakehouse).Render(environment, new ContractLoader(layout.Contracts, lakehouse.LayerNames).Load(), force: true));

            var problem = error!.Problems.Single();
            Assert.That((problem.File, problem.Line, problem.Code), Is.EqualTo((template, 1, "render.workload")));
            Assert.That(problem.Message, Does.Contain("juicer_weekly_maintenance").And.Contain("{{~ # workload: <critical|standard> ~}}"));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>Replaces text in a scratch file (an environment or the defaults) and returns the 1-based line where the replacement starts.</summary>
}
