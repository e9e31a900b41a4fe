using System.Text;
using System.Text.Json.Nodes;
using ProjectScout.Model.Contracts;
using ProjectScout.Toolkit.Infra;
using ProjectScout.Toolkit.Workspace;
using static ProjectScout.Toolkit.Tests.Infra.Rules.Fragment;

namespace ProjectScout.Toolkit.Tests.Infra.Rules;

/// <summary>The backup rule: a scheduled, unpaused job deep-clones every contract table.</summary>
[TestFixture]
public sealed class JobsBackupRuleTests
{
    private const string Backup = "/Shared/root/recovery/backup";

    public static IEnumerable<RuleCase> Cases()
    {
        yield return RuleCase.Pass("jobs.table-backup", "the backup job clones every table", () => Input("UNPAUSED", "orders", "customers"));
        yield return RuleCase.Fail("jobs.table-backup", "the backup job is paused", "no scheduled, unpaused job runs a notebook with DEEP CLONE", () => Input("PAUSED", "orders", "customers"));
        yield return RuleCase.Fail("jobs.table-backup", "a table is left out", "leaves out", () => Input("UNPAUSED", "orders"));
    }

    [TestCaseSource(nameof(Data))]
    public void Rule_passes_or_fails_as_the_fragment_says(RuleCase rule) => rule.Verify();

    private static IEnumerable<TestCaseData> Data() => RuleCase.Data(Cases());

    /// <summary>Contracts orders and customers; a backup notebook cloning <paramref name="cloned"/>, run by a job in <paramref name="pauseStatus"/>.</summary>
    private static PolicyInput Input(string pauseStatus, params string[] cloned)
    {
        var environment = Environment();
        environment.Databricks.Schedules.Paused = false;
        var catalog = environment.Databricks.Catalog;
        var layer = Declaration().LayerNames[0];
        var notebook = Encoding.UTF8.GetBytes(string.Concat(cloned.Select(t => $"CREATE OR REPLACE TABLE `b`.`{layer}`.`{t}` DEEP CLONE `{catalog}`.`{layer}`.`{t}`\n")));
        var job = JsonNode.Parse($$$"""
            {"name": "backup", "schedule": {"quartz_cron_expression": "0 0 4 * * ?", "timezone_id": "UTC", "pause_status": "{{{pauseStatus}}}"},
             "tasks": [{"task_key": "backup", "notebook_task": {"notebook_path": "{{{Backup}}}"}}]}
            """)!.AsObject();
        return new PolicyInput
        {
            Environment = environment,
            Lakehouse = Declaration(),
            Contracts = new ContractSet([Table(layer, "orders"), Table(layer, "customers")], Declaration().LayerNames),
            Workspace = new WorkspaceBundle
            {
                NotebookRoot = "/Shared/root",
                Notebooks = [new BundleNotebook("recovery/backup", Backup, NotebookLanguage.Python, notebook, "", "")],
                Jobs = [new BundleJob("backup", job, "", "")],
                Policies = [],
            },
        };
    }

    private static TableContract Table(string layer, string name) => new()
    {
        Name = new TableName(layer, name), Description = "", Columns = [], Keys = [], Rules = [], SourceFile = $"templates/contracts/{layer}/{name}.yaml",
    };
}
