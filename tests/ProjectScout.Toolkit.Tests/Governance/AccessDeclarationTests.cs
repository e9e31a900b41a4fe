using ProjectScout.Model.Contracts;
using ProjectScout.Model.Diagnostics;
using ProjectScout.Model.Governance;
using ProjectScout.Toolkit.Contracts;
using ProjectScout.Toolkit.Environments;
using ProjectScout.Toolkit.Governance;
using ProjectScout.Toolkit.Lakehouse;
using ProjectScout.Toolkit.Quality;

namespace ProjectScout.Toolkit.Tests.Governance;

/// <summary>
/// The access declarations (governance.yaml, contract classifications, environment principals): the models built from
/// the repository's files, and each kind of mistake caught with its file and a line saying what to do.
/// </summary>
public sealed class AccessDeclarationTests
{
    private static readonly IReadOnlyList<string> Layers = LakehouseLoader.Load(Repository.Layout).LayerNames;

    private static GovernanceDeclaration Governance() => GovernanceLoader.Load(Repository.Layout.Governance, Layers);

    private static ContractSet Contracts() => new ContractLoader(Repository.Layout.Contracts, Layers).Load();

    [Test]
    public void Every_classified_column_gets_its_classifications_mask_and_the_declared_row_filter_is_there()
    {
        var governance = Governance();
        var contracts = Contracts();
        var model = ColumnMasks.Build(governance, contracts);

        var classified = contracts.Tables.SelectMany(t => t.Columns.Where(c => c.Classification is not null).Select(c => (t.Name, c.Name))).ToList();
        Assert.That(model.Masks.Select(m => (m.Table, m.Column)), Is.EqualTo(classified));
        Assert.That(classified, Has.Member((new TableName("gold", "reconstructed_transcripts"), "customer_id")));
        var pii = model.Masks.First(m => m.Classification == "pii").Function;
        Assert.That((pii.Schema, pii.Name, pii.Style, pii.MasksToNull), Is.EqualTo((governance.FunctionSchema, "mask_pii_string", MaskStyle.Hash, false)));
        Assert.That(pii.ClearReaders, Is.EqualTo(new[] { "engineers", "pipeline" }));
        Assert.That(model.MaskFunctions.Select(f => f.Name), Is.Unique);

        var filter = model.RowFilterOf(new TableName("platinum", "insight_actions"))!;
        Assert.That((filter.Column, filter.Function.Name), Is.EqualTo(("status", "filter_platinum_insight_actions_status")));
        Assert.That(filter.Function.AllRowsReaders, Does.Not.Contain("analysts"));
    }

    [Test]
    public void Desired_grants_give_analysts_gold_and_platinum_and_nobody_but_the_pipeline_bronze()
    {
        var grants = DesiredGrants.Build(Governance(), "cat", role => role).ToDictionary(g => g.Key);

        Assert.That(grants["schema:cat.gold"].Privileges["analysts"], Is.EquivalentTo(new[] { "USE_SCHEMA", "SELECT" }));
        Assert.That(grants["schema:cat.bronze"].Privileges.Keys, Is.EqualTo(new[] { "pipeline" }));
        Assert.That(grants["catalog:cat"].Privileges.Keys, Is.EquivalentTo(new[] { "analysts", "engineers", "pipeline" }), "operators hold nothing in the catalog");
        Assert.That(grants.Values.SelectMany(g => g.Privileges.Values.SelectMany(p => p.Select(v => (g.SecurableType, v)))).All(p => UnityCatalogPrivileges.Accepts(p.SecurableType, p.v)));
    }

    [Test]
    public void Governance_mistakes_are_each_reported_with_what_to_do()
    {
        var scratch = Repository.NewScratchDirectory("governance");
        try
        {
            var path = Path.Combine(scratch, "governance.yaml");
            var text = File.ReadAllText(Repository.Layout.Governance)
                .Replace("      analysts: [USE_SCHEMA, SELECT]\n  - layer: platinum", "      analysts: [USE_CATALOG, SELECT]\n  - layer: platinum", StringComparison.Ordinal)
                .Replace("    analysts: CAN_VIEW", "    analysts: CAN_RESTART", StringComparison.Ordinal)
                .Replace("autoStopMins: 10", "autoStopMins: 5", StringComparison.Ordinal)
                .Replace("jobPermissionReadsPerDeploy: 20", "jobPermissionReadsPerDeploy: 0", StringComparison.Ordinal)
                .Replace("allRowsReaders: [pipeline, engineers, operators]", "allRowsReaders: [pipeline, auditors]", StringComparison.Ordinal);
            File.WriteAllText(path, text);

            var (_, problems) = GovernanceLoader.TryLoad(path, Layers);
            var messages = string.Join("\n", problems.Select(p => p.Message));
            Assert.That(problems, Has.Count.EqualTo(5), messages);
            Assert.That(messages, Does.Contain("jobPermissionReadsPerDeploy 0 must be at least 1"));
            Assert.That(messages, Does.Contain("'USE_CATALOG' is not a Unity Catalog privilege on a schema"));
            Assert.That(messages, Does.Contain("'CAN_RESTART' is not a permission level of jobs"));
            Assert.That(messages, Does.Contain("autoStopMins 5 is below the service's minimum of 10"));
            Assert.That(messages, Does.Contain("role 'auditors' is not declared under roles"));
            Assert.That(problems.All(p => p.Line > 0), Is.True, "each at its line");
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    [Test]
    public void A_contract_classification_governance_does_not_declare_and_a_role_without_a_group_are_problems()
    {
        var governance = Governance();
        var contracts = Contracts();
        var table = contracts.Tables.First(t => t.Columns.Any(c => c.Classification == "pii"));
        var renamed = table with { Columns = table.Columns.Select(c => c.Classification == "pii" ? c with { Classification = "secret" } : c).ToList() };
        var problems = AccessChecks.Classifications(governance, new ContractSet([renamed], contracts.Layers));
        Assert.That(problems.Select(p => p.Code).Distinct(), Is.EqualTo(new[] { "contract.classification" }));
        Assert.That(problems[0].Message, Does.Contain("classification 'secret' is not declared in templates/governance.yaml"));
        Assert.That(AccessChecks.Classifications(governance, contracts), Is.Empty);

        var environment = new EnvironmentCatalog(Repository.Layout.Environments).Load("dev");
        Assert.That(AccessChecks.Principals(governance, environment), Is.Empty);
        environment.Principals.Groups.Remove("operators");
        Assert.That(AccessChecks.Principals(governance, environment).Single().Message, Does.Contain("no group for the role 'operators'"));
    }

    [Test]
    public void The_run_as_application_id_must_be_a_GUID_and_groups_must_be_distinct()
    {
        var scratch = Repository.NewScratchDirectory("principals");
        try
        {
            Repository.CopyDirectory(Repository.Layout.Environments, scratch);
            var path = Path.Combine(scratch, "dev.yaml");
            var text = File.ReadAllText(path);
            File.WriteAllText(path, text.Replace("runAsApplicationId: 5c1d0b1e-0000-4000-8000-000000000de1", "runAsApplicationId: juicer-pipeline", StringComparison.Ordinal)
                .Replace("operators: juicer-operators-dev", "operators: juicer-analysts-dev", StringComparison.Ordinal));

            var (_, problems) = new EnvironmentCatalog(scratch).TryLoad("dev");
            Assert.That(problems.Select(p => p.Code).Order(), Is.EqualTo(new[] { "env.guid", "env.principals" }), string.Join("\n", problems));
            Assert.That(problems.Single(p => p.Code == "env.guid").Message, Does.Contain("application (client) id"));
            Assert.That(problems.Single(p => p.Code == "env.principals").Message, Does.Contain("more than one role"));
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    [Test]
    public void The_mask_functions_render_to_databricks_sql_the_sandbox_parses_and_check_groups_and_the_service_principal()
    {
        var environment = new EnvironmentCatalog(Repository.Layout.Environments).Load("dev");
        var access = new AccessDesired(Governance(), Contracts(), environment);
        var pii = access.Masks.MaskFunctions.First(f => f.Classification == "pii");
        Assert.That(AccessSql.CreateMaskFunction(access, pii), Is.EqualTo(
            $"CREATE OR REPLACE FUNCTION `insight_pulse_ai_dev`.`governance`.`mask_pii_string`(value STRING) RETURNS STRING COMMENT 'Mask of pii columns (templates/governance.yaml)' "
            + $"RETURN CASE WHEN (is_account_group_member('juicer-engineers-dev') OR current_user() = '{environment.Principals.RunAsApplicationId}') THEN value ELSE sha2(value, 256) END"));
        Assert.That(TableDdl.CreateTable(access.Catalog, access.Contracts.Tables[0], access.Environment.Recovery), Does.StartWith("CREATE TABLE IF NOT EXISTS `insight_pulse_ai_dev`.`bronze`.")
            .And.Contain(" CLUSTER BY (").And.EndWith(new TableLayoutClauses(SqlDialect.Spark(access.Catalog), access.Environment.Recovery).TblProperties), "the notebooks' layout and retention clauses");
    }
}
