using ProjectScout.Model.Diagnostics;
using ProjectScout.Toolkit.Environments;

namespace ProjectScout.Toolkit.Tests.Environments;

/// <summary>The operations sections (alerting tiers, workload classes, the rotation's secrets) are validated at their lines.</summary>
public sealed class EnvironmentOperationsTests() : EnvironmentFilesFixture("environments-operations")
{
    [Test]
    public void Every_shipped_environment_declares_tiers_that_cover_every_severity_and_a_class_for_every_job()
    {
        foreach (var name in new[] { "sandbox", "dev", "stage", "prod" })
        {
            var environment = Catalog.Load(name);
            Assert.That(Enumerable.Range(0, 5).Select(environment.Alerting.TierOf), Is.All.Not.Null, $"{name}: every severity has a tier");
            Assert.That(Directory.GetFiles(Repository.Layout.Jobs, "*.scriban").Select(t => ProjectScout.Toolkit.Rendering.WorkloadScript.DeclaredClass(File.ReadAllText(t))),
                Is.All.AnyOf(environment.Workload.Classes.Keys.ToArray()), "every job template names a class of the environment");
            Assert.That(environment.KeyRotation.ThirdPartySecrets, Is.All.Matches<ProjectScout.Model.Environments.ThirdPartySecret>(s => s.ExpiresOn.Length > 0 || s.RotationDays > 0));
        }
    }

    [Test]
    public void A_severity_taken_by_two_tiers_is_named_at_its_line()
    {
        var line = Edit("dev", "      severities: [2, 3, 4]", "      severities: [1, 2, 3, 4]");

        var problem = Single("dev", "env.alert-severity");
        Assert.That(problem.Line, Is.EqualTo(line));
        Assert.That(problem.Message, Does.Contain("severity 1 is taken by tier 'page' and 'notify'"));
    }

    [Test]
    public void A_webhook_url_in_place_of_its_secret_name_is_refused()
    {
        Edit("stage", "pagingWebhookSecret: ONCALL-PAGING-WEBHOOK-URL", "pagingWebhookSecret: https://events.example.com/hook");

        var (_, problems) = Catalog.TryLoad("stage");
        Assert.That(problems.Select(p => p.Code), Has.All.EqualTo("env.secret-name"));
        Assert.That(problems.Select(p => p.Message), Has.Some.Contains("never the URL itself"));
    }

    [Test]
    public void Production_needs_two_tiers()
    {
        var path = Path.Combine(Scratch, "prod.yaml");
        var text = File.ReadAllText(path);
        var start = text.IndexOf("    - name: notify", StringComparison.Ordinal);
        var end = text.IndexOf("\n\n", start, StringComparison.Ordinal);
        File.WriteAllText(path, text[..start] + text[(end + 1)..]);

        var (_, problems) = Catalog.TryLoad("prod");
        Assert.That(problems.Select(p => p.Message), Has.Some.Contains("production escalates: declare at least two tiers"));
        Assert.That(problems.Select(p => p.Message), Has.Some.Contains("'notify' is not a tier of alerting.tiers"));
    }

    [Test]
    public void A_critical_class_on_spot_is_refused()
    {
        var line = Edit("defaults", "      queue: true\n      availability: ON_DEMAND_AZURE", "      queue: true\n      availability: SPOT_WITH_FALLBACK_AZURE");

        var problem = Single("dev", "env.workload-critical");
        Assert.That(problem.File, Is.EqualTo("templates/environments/defaults.yaml"));
        Assert.That(problem.Line, Is.LessThan(line), "at the class's key");
        Assert.That(problem.Message, Does.Contain("a critical class runs on demand"));
    }

    [Test]
    public void A_non_critical_ceiling_above_the_profile_is_refused()
    {
        // dev overrides the defaults' ceiling: the problem is at dev's line.
        var line = Edit("dev", "    standard:\n      maxWorkers: 2", "    standard:\n      maxWorkers: 9") + 1;

        var problem = Single("dev", "env.workload-ceiling");
        Assert.That((problem.File, problem.Line), Is.EqualTo(("templates/environments/dev.yaml", line)));
    }

    [Test]
    public void A_third_party_secret_without_a_declared_expiry_is_refused()
    {
        var line = Edit("defaults", "    - name: OPENAI-API-KEY\n      rotationDays: 90\n", "    - name: OPENAI-API-KEY\n");

        var problem = Single("dev", "env.secret-expiry");
        Assert.That((problem.File, problem.Line), Is.EqualTo(("templates/environments/defaults.yaml", line)));
        Assert.That(problem.Message, Does.Contain("declared, never guessed"));

        Edit("defaults", "    - name: OPENAI-API-KEY\n", "    - name: OPENAI-API-KEY\n      expiresOn: 2027-13-01\n");
        Assert.That(Single("dev", "env.secret-expiry").Message, Does.Contain("is not a date"));
    }

    private Problem Single(string environment, string code)
    {
        var (_, problems) = Catalog.TryLoad(environment);
        Assert.That(problems.Select(p => p.Code), Is.EqualTo(new[] { code }), string.Join("\n", problems));
        return problems[0];
    }
}
