using System.Net;
using System.Text.Json.Nodes;
using ProjectScout.Sandbox.Databricks;

namespace ProjectScout.Sandbox.Tests;

/// <summary>The access endpoints over HTTPS: statements (state machine, strict parser), grants and effective permissions, tables with masks, warehouses and their ACLs.</summary>
[TestFixture]
[Parallelizable(ParallelScope.None)]
public sealed class UnityCatalogAccessApiTests() : SandboxFixture("sandbox-access")
{
    private string _warehouse = "";

    protected override async Task StartedAsync()
    {
        var created = await Client.PostJsonAsync("api/2.0/sql/warehouses", new JsonObject
        {
            ["name"] = "ddl", ["cluster_size"] = "2X-Small", ["auto_stop_mins"] = 10, ["warehouse_type"] = "PRO", ["enable_serverless_compute"] = true,
        });
        _warehouse = (string)created.Body!["id"]!;
        foreach (var statement in new[] { "CREATE CATALOG IF NOT EXISTS c", "CREATE SCHEMA IF NOT EXISTS c.gold", "CREATE SCHEMA IF NOT EXISTS c.gov",
                     "CREATE TABLE IF NOT EXISTS c.gold.t (`id` STRING NOT NULL, `customer_id` STRING, `n` INT) USING DELTA COMMENT 'x'" })
        {
            Assert.That((string?)(await Run(statement)).Body!["status"]!["state"], Is.EqualTo("SUCCEEDED"), statement);
        }
    }

    private Task<Reply> Run(string statement, string wait = "30s") =>
        Client.PostJsonAsync("api/2.0/sql/statements", new JsonObject { ["warehouse_id"] = _warehouse, ["statement"] = statement, ["wait_timeout"] = wait });

    [Test]
    public async Task Statements_follow_the_state_machine_and_reject_what_the_service_rejects()
    {
        var tooShort = await Run("CREATE SCHEMA IF NOT EXISTS c.x", "3s");
        Assert.That((tooShort.Status, tooShort.ErrorCode), Is.EqualTo((HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE")));

        var pending = await Run("CREATE SCHEMA IF NOT EXISTS c.later", "0s");
        Assert.That((string?)pending.Body!["status"]!["state"], Is.EqualTo("PENDING"));
        var done = await Client.GetJsonAsync("api/2.0/sql/statements/" + (string)pending.Body["statement_id"]!);
        Assert.That((string?)done.Body!["status"]!["state"], Is.EqualTo("SUCCEEDED"));

        var unknown = await Run("DROP TABLE c.gold.t");
        Assert.That(unknown.Status, Is.EqualTo(HttpStatusCode.OK), "execution errors come back inside HTTP 200");
        Assert.That(((string?)unknown.Body!["status"]!["state"], (string?)unknown.Body["status"]!["error"]!["error_code"]), Is.EqualTo(("FAILED", "BAD_REQUEST")));
        Assert.That((string?)unknown.Body["status"]!["error"]!["message"], Does.StartWith("[PARSE_SYNTAX_ERROR] Syntax error at or near 'DROP'"));

        var two = await Run("CREATE SCHEMA IF NOT EXISTS c.a; CREATE SCHEMA IF NOT EXISTS c.b");
        Assert.That((string?)two.Body!["status"]!["error"]!["message"], Does.Contain("PARSE_SYNTAX_ERROR"));
        Assert.That((await Client.GetJsonAsync("api/2.1/unity-catalog/permissions/schema/c.a")).ErrorCode, Is.EqualTo("SCHEMA_DOES_NOT_EXIST"), "nothing of it ran");

        Assert.That((await Client.GetJsonAsync("api/2.0/sql/statements/nope")).Status, Is.EqualTo(HttpStatusCode.NotFound));
        var missingFunction = await Run("ALTER TABLE c.gold.t ALTER COLUMN customer_id SET MASK c.gov.nothing");
        Assert.That((string?)missingFunction.Body!["status"]!["error"]!["message"], Does.StartWith("[ROUTINE_NOT_FOUND]"));
    }

    [Test]
    public async Task A_mask_and_a_row_filter_show_in_the_tables_column_info_and_grants_inherit_down_the_tree()
    {
        Assert.That((string?)(await Run("CREATE OR REPLACE FUNCTION c.gov.m(value STRING) RETURNS STRING RETURN CASE WHEN is_account_group_member('g') THEN value ELSE '***' END")).Body!["status"]!["state"], Is.EqualTo("SUCCEEDED"));
        Assert.That((string?)(await Run("CREATE OR REPLACE FUNCTION c.gov.f(value STRING) RETURNS BOOLEAN RETURN value IN ('a', 'b')")).Body!["status"]!["state"], Is.EqualTo("SUCCEEDED"));
        await Run("ALTER TABLE `c`.`gold`.`t` ALTER COLUMN `customer_id` SET MASK `c`.`gov`.`m`");
        await Run("ALTER TABLE c.gold.t SET ROW FILTER c.gov.f ON (id)");
        var table = (await Client.GetJsonAsync("api/2.1/unity-catalog/tables/c.gold.t")).Body!;
        var column = table["columns"]!.AsArray().Single(c => (string?)c!["name"] == "customer_id")!;
        Assert.That((string?)column["mask"]!["function_name"], Is.EqualTo("c.gov.m"));
        Assert.That((string?)table["row_filter"]!["function_name"], Is.EqualTo("c.gov.f"));
        Assert.That((string?)(await Client.GetJsonAsync("api/2.1/unity-catalog/functions/c.gov.m")).Body!["routine_definition"], Does.StartWith("CASE WHEN"));

        var grant = await Client.SendJsonAsync(HttpMethod.Patch, "api/2.1/unity-catalog/permissions/catalog/c",
            JsonNode.Parse("""{"changes":[{"principal":"analysts","add":["USE_CATALOG","SELECT"]}]}"""));
        Assert.That(grant.Status, Is.EqualTo(HttpStatusCode.OK));
        var wrong = await Client.SendJsonAsync(HttpMethod.Patch, "api/2.1/unity-catalog/permissions/table/c.gold.t",
            JsonNode.Parse("""{"changes":[{"principal":"analysts","add":["USE_SCHEMA"]}]}"""));
        Assert.That((wrong.Status, wrong.ErrorCode), Is.EqualTo((HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE")));
        Assert.That((await Client.GetJsonAsync("api/2.1/unity-catalog/permissions/table/c.gold.t")).Body!["privilege_assignments"]!.AsArray(), Is.Empty, "direct grants only");

        var effective = (await Client.GetJsonAsync("api/2.1/unity-catalog/effective-permissions/table/c.gold.t")).Body!;
        var select = effective["privilege_assignments"]![0]!["privileges"]!.AsArray().Single(p => (string?)p!["privilege"] == "SELECT")!;
        Assert.That(((string?)select["inherited_from_type"], (string?)select["inherited_from_name"]), Is.EqualTo(("CATALOG", "c")));

        await Run("REVOKE SELECT ON CATALOG c FROM `analysts`");
        await Run("GRANT SELECT ON TABLE c.gold.t TO `analysts`");
        Assert.That((await Client.GetJsonAsync("api/2.1/unity-catalog/permissions/table/c.gold.t")).Body!["privilege_assignments"]![0]!["privileges"]!.AsArray().Select(p => (string?)p), Is.EqualTo(new[] { "SELECT" }));
    }

    [Test]
    public void Holds_answers_directly_and_through_the_parents_and_for_the_owner()
    {
        var uc = new UnityCatalogState();
        uc.Catalogs["c"] = new CatalogRecord { Name = "c", Owner = "deployer" };
        uc.Grants["catalog:c"] = new(StringComparer.Ordinal) { ["sp"] = new(StringComparer.Ordinal) { "USE_CATALOG" } };
        uc.Grants["schema:c.gold"] = new(StringComparer.Ordinal) { ["sp"] = new(StringComparer.Ordinal) { "SELECT" } };

        Assert.That(UnityCatalogAccess.Holds(uc, "sp", "SELECT", "table", "c.gold.t"), Is.True, "inherited from the schema");
        Assert.That(UnityCatalogAccess.Holds(uc, "sp", "USE_CATALOG", "catalog", "c"), Is.True);
        Assert.That(UnityCatalogAccess.Holds(uc, "sp", "SELECT", "table", "c.bronze.t"), Is.False);
        Assert.That(UnityCatalogAccess.Holds(uc, "deployer", "MODIFY", "table", "c.bronze.t"), Is.True, "the catalog's owner");
    }

    [Test]
    public async Task Warehouses_check_their_settings_and_carry_acls_under_both_paths()
    {
        var badStop = await Client.PostJsonAsync("api/2.0/sql/warehouses", new JsonObject { ["name"] = "w1", ["cluster_size"] = "2X-Small", ["auto_stop_mins"] = 5 });
        Assert.That((badStop.Status, badStop.ErrorCode), Is.EqualTo((HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE")));
        var classicServerless = await Client.PostJsonAsync("api/2.0/sql/warehouses", new JsonObject
        {
            ["name"] = "w2", ["cluster_size"] = "2X-Small", ["warehouse_type"] = "CLASSIC", ["enable_serverless_compute"] = true,
        });
        Assert.That(classicServerless.Status, Is.EqualTo(HttpStatusCode.BadRequest));

        var patch = await Client.SendJsonAsync(HttpMethod.Patch, "api/2.0/permissions/warehouses/" + _warehouse,
            JsonNode.Parse("""{"access_control_list":[{"group_name":"engineers","permission_level":"CAN_USE"}]}"""));
        Assert.That(patch.Status, Is.EqualTo(HttpStatusCode.OK));
        var acl = (await Client.GetJsonAsync("api/2.0/permissions/sql/warehouses/" + _warehouse)).Body!["access_control_list"]!.AsArray();
        Assert.That(acl.Select(e => (string?)(e!["group_name"] ?? e["user_name"])), Is.EqualTo(new[] { "sandbox-deployer@projectscout.local", "engineers", "admins" }));
    }
}
