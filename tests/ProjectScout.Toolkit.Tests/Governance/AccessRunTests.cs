using ProjectScout.Model.Contracts;
using ProjectScout.Model.Governance;
using ProjectScout.Toolkit.Contracts;
using ProjectScout.Toolkit.Environments;
using ProjectScout.Toolkit.Governance;
using ProjectScout.Toolkit.Lakehouse;

namespace ProjectScout.Toolkit.Tests.Governance;

/// <summary>TestAccess on real DuckDB: the generated masks and row filters, read as every role's principal of the sandbox environment.</summary>
[TestFixture]
public sealed class AccessRunTests
{
    private static readonly DateTimeOffset AsOf = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    [Test]
    public void No_classified_value_reaches_a_role_outside_its_readers_and_planted_mistakes_are_caught()
    {
        var (governance, contracts, principals) = Inputs();
        var folder = Repository.NewScratchDirectory("access");
        try
        {
            var report = LocalAccessRun.Run(governance, contracts, principals, folder, rows: 400, seed: 7, AsOf);

            Assert.That(report.UnmappedRoles, Is.Empty);
            Assert.That(report.Findings.Select(f => f.ToString()), Is.Empty);
            Assert.That(report.Evaluations.Where(e => !e.Passed).Select(e => $"{e.Role} {e.Table}.{e.Column}: {e.Violations}"), Is.Empty);

            // Every pii column of every contract was read by the analysts, masked, with rows to read.
            var piiColumns = contracts.Tables.SelectMany(t => t.Columns.Where(c => c.Classification == "pii").Select(c => $"{t.Name}.{c.Name}")).ToList();
            var analystsPii = report.Evaluations.Where(e => e.Role == "analysts" && e.Kind.StartsWith("mask mask_pii", StringComparison.Ordinal)).ToList();
            Assert.That(piiColumns, Has.Count.GreaterThanOrEqualTo(6));
            Assert.That(analystsPii.Select(e => $"{e.Table}.{e.Column}"), Is.EquivalentTo(piiColumns));
            Assert.That(analystsPii, Has.All.Matches<AccessEvaluation>(e => !e.ExpectClear && e.Rows > 0));
            Assert.That(report.Evaluations.Where(e => e.Role == "engineers" && e.Kind.StartsWith("mask", StringComparison.Ordinal)), Has.All.Matches<AccessEvaluation>(e => e.ExpectClear));

            Assert.That(report.Plantings, Has.Count.EqualTo(2));
            Assert.That(report.Plantings, Has.All.Matches<PlantedAccessMistake>(p => p.Caught));
            Assert.That(report.Plantings[0].CaughtBy, Has.Some.StartsWith("declaration check:"));
            Assert.That(report.Plantings[1].CaughtBy, Has.Some.StartsWith("analysts read").And.Some.StartsWith("declaration check:"));
            Assert.That(report.Succeeded);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static (GovernanceDeclaration, ContractSet, AccessPrincipals) Inputs()
    {
        var layout = Repository.Layout;
        var lakehouse = LakehouseLoader.Load(layout);
        var governance = GovernanceLoader.Load(layout.Governance, lakehouse.LayerNames);
        var contracts = new ContractLoader(layout.Contracts, lakehouse.LayerNames).Load();
        var environment = new EnvironmentCatalog(layout.Environments).Load("sandbox");
        return (governance, contracts, new AccessPrincipals(governance, environment.Principals));
    }
}
