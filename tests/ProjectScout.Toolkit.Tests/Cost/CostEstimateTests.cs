using System.Text.Json.Nodes;
using ProjectScout.Model.Environments;
using ProjectScout.Toolkit.Cost;
using ProjectScout.Toolkit.Deployment;
using ProjectScout.Toolkit.Infra;
using ProjectScout.Toolkit.Workspace;

namespace ProjectScout.Toolkit.Tests.Cost;

/// <summary>The estimate's arithmetic on a fixed small input, the cron arithmetic, the plan's delta line and the price sheet's rules.</summary>
[TestFixture]
public sealed class CostEstimateTests
{
    private static readonly DateOnly Day = new(2026, 9, 1);

    private static PriceSheet Sheet() => new("USD",
        [
            new Price("dbu.premium-jobs", "DBU-hour", 0.30m, "eastus2", Day, "test"),
            new Price("vm.Standard_DS3_v2", "hour", 0.229m, "eastus2", Day, "test"),
            new Price("nat.gateway", "hour", 0.045m, "Global", Day, "test"),
            new Price("storage.Standard_LRS.hot", "GB-month", 0.0184m, "eastus2", Day, "test"),
        ],
        [new DbuRate("Standard_DS3_v2", 0.75m, Day, "test")],
        new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["Microsoft.Network/virtualNetworks"] = "free" });

    private static EnvironmentDefinition Environment() => new()
    {
        Name = "t",
        Names = new ResourceNames { StorageAccount = "lake", BackupStorageAccount = "bak" },
    };

    private static BundleJob Job(string cron, int min, int max, int timeoutSeconds = 0)
    {
        var settings = new JsonObject
        {
            ["name"] = "nightly",
            ["schedule"] = new JsonObject { ["quartz_cron_expression"] = cron, ["pause_status"] = "UNPAUSED" },
            ["job_clusters"] = new JsonArray(new JsonObject
            {
                ["job_cluster_key"] = "main",
                ["new_cluster"] = new JsonObject { ["node_type_id"] = "Standard_DS3_v2", ["autoscale"] = new JsonObject { ["min_workers"] = min, ["max_workers"] = max } },
            }),
        };
        if (timeoutSeconds > 0)
        {
            settings["timeout_seconds"] = timeoutSeconds;
        }

        return new BundleJob("nightly", settings, "", "");
    }

    private static CostAssumptions Assumptions(decimal hours) => new(
        new Dictionary<string, IReadOnlyDictionary<string, decimal>> { ["nightly"] = new Dictionary<string, decimal> { ["main"] = hours } },
        new Dictionary<string, decimal> { ["lake"] = 1000 }, 0);

    private static SnapshotResource Resource(string type, string name, string? sku = null) =>
        new(1, $"/subscriptions/s/resourceGroups/g/providers/{type}/{name}", type, name,
            sku is null ? new JsonObject() : new JsonObject { ["sku"] = new JsonObject { ["name"] = sku } });

    [Test]
    public void A_nightly_job_is_runs_times_hours_times_nodes_times_vm_plus_dbu()
    {
        // The reference's worked example: 1 driver + 2 workers DS3_v2, 2 h a day: per run 3 × 2 h × (0.229 + 0.75 × 0.30).
        var estimate = CostEstimator.Estimate(Environment(), [], [Job("0 0 2 * * ?", 2, 4)], Sheet(), Assumptions(2));
        var line = estimate.Lines.Single();
        var runs = 365.25m / 12m;
        Assert.That(line.Low, Is.EqualTo(runs * 2 * 3 * (0.229m + 0.75m * 0.30m)));
        Assert.That(line.High, Is.EqualTo(runs * 2 * 5 * (0.229m + 0.75m * 0.30m)), "max workers");
        Assert.That(Math.Round(line.Low!.Value, 2), Is.EqualTo(82.91m), "30.4375 runs × 6 node-h × 0.454");
        Assert.That(line.Basis, Does.Contain("30.4 runs × 2 h × (1 driver + 2-4 workers) Standard_DS3_v2"));
    }

    [Test]
    public void Hours_are_cut_to_the_timeout_and_missing_prices_are_listed_not_invented()
    {
        var capped = CostEstimator.Estimate(Environment(), [], [Job("0 0 7 ? * MON", 1, 1, timeoutSeconds: 1800)], Sheet(), Assumptions(3)).Lines.Single();
        Assert.That(capped.Low, Is.EqualTo(365.25m / 12m / 7m * 0.5m * 2 * (0.229m + 0.225m)), "weekly, 0.5 h (the timeout), 2 nodes");

        var resources = new[]
        {
            Resource("Microsoft.Storage/storageAccounts", "lake", "Standard_LRS"),
            Resource("Microsoft.Storage/storageAccounts", "bak", "Standard_RAGRS"),
            Resource("Microsoft.Network/natGateways", "nat"),
            Resource("Microsoft.Network/virtualNetworks", "vnet"),
            Resource("Microsoft.KeyVault/vaults", "kv"),
        };
        var estimate = CostEstimator.Estimate(Environment(), resources, [], Sheet(), Assumptions(1));
        Assert.That(estimate.Lines.Single(l => l.Name == "lake").Low, Is.EqualTo(1000 * 0.0184m));
        Assert.That(estimate.Lines.Single(l => l.Name == "nat").Low, Is.EqualTo(24m * 365.25m / 12m * 0.045m));
        Assert.That(estimate.Unpriced.Select(l => l.Name), Is.EquivalentTo(new[] { "bak", "kv" }));
        Assert.That(estimate.Unpriced.Single(l => l.Name == "bak").Basis, Does.Contain("no price 'storage.Standard_RAGRS.hot'"));
        Assert.That(estimate.NoCharge.Single().Name, Is.EqualTo("vnet"));
        Assert.That(estimate.MonthlyTotal, Is.EqualTo(18.4m + 24m * 365.25m / 12m * 0.045m));
        Assert.That(CostEstimateDocument.Render(estimate, "Test"), Does.Contain("2 item(s) not priced").And.Contain("| nat.gateway | 0.045 USD/hour | Global | 2026-09-01 | test |"));
    }

    [TestCase("0 0 2 * * ?", 30.4375)]
    [TestCase("0 0 7 ? * MON", 4.348214)]
    [TestCase("0 0 3 ? * SUN", 4.348214)]
    [TestCase("0 */15 * * * ?", 2922)]
    [TestCase("0 0 6 1,15 * ?", 2)]
    [TestCase("0 0 6 ? * MON-FRI", 21.741071)]
    public void Cron_runs_per_month(string cron, double expected) =>
        Assert.That((double)QuartzRuns.PerMonth(cron)!.Value, Is.EqualTo(expected).Within(0.0001));

    [Test]
    public void The_plan_shows_the_monthly_delta_of_its_creates()
    {
        var estimate = CostEstimator.Estimate(Environment(), [Resource("Microsoft.Network/natGateways", "nat")], [Job("0 0 2 * * ?", 2, 4)], Sheet(), Assumptions(2));
        var plan = new PhasePlan
        {
            Environment = "t", Phase = 1, DeploymentName = "d",
            Changes =
            [
                new PlanChange("arm", "Microsoft.Network/natGateways", "nat", ChangeAction.Create),
                new PlanChange("databricks", "job", "nightly", ChangeAction.Create),
                new PlanChange("databricks", "job", "other", ChangeAction.Update),
            ],
        };
        var expected = estimate.Lines.Sum(l => l.High!.Value);
        Assert.That(CostDelta.Line(plan, estimate.Lines), Is.EqualTo($"Cost delta: +{CostEstimateDocument.Money(expected)} USD/month (creates +{CostEstimateDocument.Money(expected)}, deletes -0.00, at max workers); 1 update(s) not priced."));
        plan.CostDeltaLine = CostDelta.Line(plan, estimate.Lines);
        Assert.That(PlanText.Console(plan), Has.Some.StartsWith("Cost delta: +"));
        Assert.That(CostDelta.Line(new PhasePlan { Environment = "t", Phase = 1, DeploymentName = "d", Changes = [] }, estimate.Lines), Is.Null, "no change, no line");
    }

    [Test]
    public void A_job_cluster_resized_in_the_plan_is_priced_per_worker()
    {
        var estimate = CostEstimator.Estimate(Environment(), [], [Job("0 0 2 * * ?", 2, 4)], Sheet(), Assumptions(2));
        var perNode = 365.25m / 12m * 2 * (0.229m + 0.75m * 0.30m);
        var plan = new PhasePlan
        {
            Environment = "t", Phase = 1, DeploymentName = "d",
            Changes =
            [
                new PlanChange("databricks", "job", "nightly", ChangeAction.Update)
                {
                    Attributes = [new AttributeChange("job_clusters[0].new_cluster.autoscale.max_workers", "4", "6")],
                },
            ],
        };
        var released = WriteEstimate(estimate);
        var line = CostDelta.Line(plan, CostEstimateDocument.ReadLines(released));
        File.Delete(released);
        Assert.That(line, Is.EqualTo($"Cost delta: +{CostEstimateDocument.Money(2 * perNode)} USD/month (creates +0.00, deletes -0.00, worker counts +{CostEstimateDocument.Money(2 * perNode)}, at max workers)."),
            "two workers more, read back from the released cost-estimate.json");
    }

    private static string WriteEstimate(CostEstimate estimate)
    {
        var path = Path.Combine(Path.GetTempPath(), $"cost-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, CostEstimateDocument.ToJson(estimate));
        return path;
    }

    [Test]
    public void Every_price_in_the_sheet_carries_its_date_and_source()
    {
        var path = Path.Combine(Repository.Root, "templates", PriceSheet.FileName);
        var sheet = PriceSheetLoader.LoadPrices(path);
        Assert.That(sheet.Prices, Is.Not.Empty);
        Assert.That(sheet.Prices.Concat<object>(sheet.DbuRates).Count(), Is.GreaterThan(5));
        Assert.That(sheet.Prices.All(p => p.AsOf.Year >= 2017 && p.Source.Length > 10 && p.Amount > 0), Is.True);
        Assert.That(sheet.DbuRates.All(r => r.AsOf.Year >= 2017 && r.Source.Length > 10), Is.True);

        var scratch = Path.Combine(Path.GetTempPath(), $"prices-{Guid.NewGuid():N}.yaml");
        try
        {
            File.WriteAllText(scratch, "currency: USD\nprices:\n  - key: vm.x\n    unit: hour\n    amount: 1\n    region: eastus2\n    asOf: soon\n");
            var problems = Assert.Throws<ProjectScout.Model.Diagnostics.ProblemsException>(() => PriceSheetLoader.LoadPrices(scratch))!.Problems;
            Assert.That(problems.Select(p => p.Message), Has.Some.Contains("has no source").And.Some.Contains("asOf 'soon' is not a date"));
            Assert.That(problems.Select(p => p.Line), Has.All.GreaterThan(2));
        }
        finally
        {
            File.Delete(scratch);
        }
    }
}
