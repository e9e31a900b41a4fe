using System.Text.Json.Nodes;
using ProjectScout.Model.Azure;
using ProjectScout.Model.Diagnostics;
using ProjectScout.Model.Environments;
using ProjectScout.Toolkit.Configuration;
using ProjectScout.Toolkit.Deployment;
using ProjectScout.Toolkit.Deployment.Adoption;
using ProjectScout.Toolkit.Environments;

namespace ProjectScout.Toolkit.Tests.Deploy;

/// <summary>
/// The adoption preflight's property table over live and declared resources as ARM shows them (no network), its
/// argument and the validation of the settings that keep an adopted resource's values.
/// </summary>
public sealed class AdoptionPreflightTests
{
    private const string File = "templates/environments/prod.yaml";

    [Test]
    public void The_original_lake_account_conflicts_on_infrastructure_encryption_and_shared_key_but_not_on_HNS()
    {
        var live = Json("""{"kind": "StorageV2", "properties": {"isHnsEnabled": true, "encryption": {"keySource": "Microsoft.Storage"}}}""");
        var target = Declared("Microsoft.Storage/storageAccounts", "tbwajuicerstorage",
            """{"properties": {"isHnsEnabled": true, "allowSharedKeyAccess": false, "encryption": {"keySource": "Microsoft.Storage", "requireInfrastructureEncryption": true}}}""");

        var conflicts = AdoptionPreflight.Compare(target, live, File).ToList();

        Assert.That(conflicts.Select(c => (c.Property.Path, c.Property.Risk)), Is.EqualTo(new[]
        {
            ("properties.encryption.requireInfrastructureEncryption", AdoptionRisk.CreateOnly),
            ("properties.allowSharedKeyAccess", AdoptionRisk.BreaksConsumers),
        }));
        Assert.That(conflicts[0].ToLine(), Is.EqualTo(
            "tbwajuicerstorage (Microsoft.Storage/storageAccounts) properties.encryption.requireInfrastructureEncryption: current false, desired true: " +
            "Azure refuses the change (AccountPropertyCannotBeUpdated). Way out: infrastructure encryption is chosen when an account is created: create a new account with it and copy the data (AzCopy), " +
            "or keep today's value with storage.infrastructureEncryption: false in templates/environments/prod.yaml."));
        Assert.That(conflicts[1].ToLine(), Does.Contain("current true, desired false: Azure takes it and today's consumers break").And.Contain("storage.allowSharedKeyAccess: true"));

        var kept = Declared("Microsoft.Storage/storageAccounts", "tbwajuicerstorage",
            """{"properties": {"isHnsEnabled": true, "allowSharedKeyAccess": true, "encryption": {"keySource": "Microsoft.Storage"}}}""");
        Assert.That(AdoptionPreflight.Compare(kept, live, File), Is.Empty, "with the settings that keep today's values");
    }

    [Test]
    public void A_consumer_breaking_property_breaks_only_in_its_direction_and_a_create_only_one_in_both()
    {
        var sharedKeyOff = Json("""{"properties": {"allowSharedKeyAccess": false, "isHnsEnabled": false}}""");
        var turningOn = Declared("Microsoft.Storage/storageAccounts", "lake", """{"properties": {"allowSharedKeyAccess": true, "isHnsEnabled": true}}""");

        var conflicts = AdoptionPreflight.Compare(turningOn, sharedKeyOff, File).ToList();

        Assert.That(conflicts.Select(c => c.Property.Path), Is.EqualTo(new[] { "properties.isHnsEnabled" }));
        Assert.That(conflicts[0].ToLine(), Does.Contain("hnsOnMigration").And.Not.Contain("keep today's value"), "HNS has no setting: only the migration helps");
    }

    [Test]
    public void An_access_policy_vault_and_a_workspace_without_VNet_injection_name_their_settings()
    {
        var vault = AdoptionPreflight.Compare(
            Declared("Microsoft.KeyVault/vaults", "kv-tbwa-juicer-insights2", """{"properties": {"enableRbacAuthorization": true, "softDeleteRetentionInDays": 90}}"""),
            Json("""{"properties": {"enableRbacAuthorization": false, "softDeleteRetentionInDays": 7}}"""), File).ToList();
        Assert.That(vault.Select(c => c.ToLine()), Has.Some.Contains("properties.enableRbacAuthorization: current false, desired true").And.Some.Contains("keyVault.authorization: accessPolicies")
            .And.Some.Contains("properties.softDeleteRetentionInDays: current 7, desired 90: Azure refuses the change."));

        var workspace = AdoptionPreflight.Compare(
            Declared("Microsoft.Databricks/workspaces", "tbwa-juicer-databricks", """{"properties": {"parameters": {"customVirtualNetworkId": {"value": "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/juicer-vnet"}}}}"""),
            Json("""{"properties": {"parameters": {"enableNoPublicIp": {"value": false}}}}"""), File).Single();
        Assert.That(workspace.ToLine(), Does.Contain("current (none), desired /subscriptions/s/").And.Contain("(VirtualNetworkIdChangeNotAllowed)").And.Contain("databricks.vnetInjection: false"));

        var sameVnet = Json("""{"properties": {"parameters": {"customVirtualNetworkId": {"value": "/SUBSCRIPTIONS/s/resourceGroups/RG/providers/Microsoft.Network/virtualNetworks/juicer-vnet"}}}}""");
        Assert.That(AdoptionPreflight.Compare(Declared("Microsoft.Databricks/workspaces", "w", """{"properties": {"parameters": {"customVirtualNetworkId": {"value": "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/juicer-vnet"}}}}"""), sameVnet, File),
            Is.Empty, "ids compare case-insensitively, as ARM compares them");
    }

    [Test]
    public void The_table_covers_every_service_fact_and_every_kept_setting_is_the_way_out_of_one_row()
    {
        foreach (var fact in CreateOnlyProperties.All)
        {
            Assert.That(AdoptedProperties.All.Count(p => p.Type == fact.ResourceType && p.Path == fact.Path && p.ErrorCode == fact.ErrorCode), Is.EqualTo(1), fact.Path);
        }

        Assert.That(KeptSettings.All.Select(k => AdoptedProperties.All.Count(p => p.KeptBy == k)), Is.All.EqualTo(1));
        Assert.That(AdoptedProperties.All.Select(p => (p.Type.Name, p.Path)), Is.Unique);
    }

    [Test]
    public void Accept_breaking_takes_comma_separated_and_repeated_names_and_refuses_an_unknown_one()
    {
        var settings = RunSettings.Read(name => name == ArgumentNames.AcceptBreaking ? "x" : null, "sandbox", ["sandbox"],
            name => name == ArgumentNames.AcceptBreaking ? ["tbwajuicerstorage, kv-tbwa-juicer-insights2", "tbwajuicerstorage"] : []);
        Assert.That(settings.AcceptBreaking, Is.EqualTo(new[] { "tbwajuicerstorage", "kv-tbwa-juicer-insights2" }));
        Assert.Throws<ToolkitException>(() => RunSettings.Read(name => null, "sandbox", ["sandbox"], name => name == ArgumentNames.AcceptBreaking ? ["a,,b"] : []));

        var prod = new EnvironmentCatalog(Repository.Layout.Environments, Repository.Layout.Display).Load("prod");
        AdoptionPreflight.CheckAcceptedNames(prod, ["TBWAJUICERSTORAGE"]);
        var error = Assert.Throws<ToolkitException>(() => AdoptionPreflight.CheckAcceptedNames(prod, ["tbwajuicerstorag"]));
        Assert.That(error!.Message, Does.StartWith("Argument --accept-breaking names 'tbwajuicerstorag', not a resource of 'prod'").And.Contain("tbwajuicerstorage"));
    }

    [Test]
    public void A_kept_value_needs_an_environment_that_adopts_and_the_vault_authorization_is_one_of_two()
    {
        var scratch = Repository.NewScratchDirectory("adoption-environments");
        try
        {
            Repository.CopyDirectory(Repository.Layout.Environments, scratch);
            var catalog = new EnvironmentCatalog(scratch, path => "templates/environments/" + Path.GetFileName(path));
            var path = Path.Combine(scratch, "dev.yaml");
            var text = System.IO.File.ReadAllText(path);
            System.IO.File.WriteAllText(path, text.Replace("storage:\n", "storage:\n  allowSharedKeyAccess: true\n", StringComparison.Ordinal) + "keyVault:\n  authorization: policies\n");
            var line = text[..text.IndexOf("storage:\n", StringComparison.Ordinal)].Count(c => c == '\n') + 2;

            var problems = catalog.TryLoad("dev").Problems;

            Assert.That(problems.Select(p => p.Code), Is.EquivalentTo(new[] { "env.adoption", "env.key-vault-authorization" }), string.Join("\n", problems));
            var adoption = problems.Single(p => p.Code == "env.adoption");
            Assert.That(adoption.ToString(), Does.StartWith($"templates/environments/dev.yaml({line},").And.Contain("storage.allowSharedKeyAccess: true keeps the value of a resource that existed before the toolkit"));
            Assert.That(problems.Single(p => p.Code == "env.key-vault-authorization").Message, Does.Contain("'policies' is not a Key Vault authorization; use rbac or accessPolicies"));
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    [Test]
    public void Only_real_or_adopting_environments_run_the_preflight()
    {
        var catalog = new EnvironmentCatalog(Repository.Layout.Environments, Repository.Layout.Display);
        Assert.That(AdoptionPreflight.Applies(catalog.Load("sandbox")), Is.False, "a fresh sandbox has nothing to adopt: no extra request");
        Assert.That(AdoptionPreflight.Applies(catalog.Load("dev")), Is.True);
        var prod = catalog.Load("prod");
        Assert.That((prod.Ownership.AdoptsExisting, prod.Azure.ResourceGroupMustExist), Is.EqualTo((true, true)));
        Assert.That(KeptSettings.SetIn(prod), Is.Empty, "prod declares the target design; the preflight says which setting keeps today's value");
    }

    private static JsonObject Json(string text) => JsonNode.Parse(text)!.AsObject();

    private static PredictedResource Declared(string type, string name, string body)
    {
        var json = Json(body);
        json["type"] = type;
        json["name"] = name;
        return new PredictedResource($"/subscriptions/s/resourceGroups/rg/providers/{type}/{name}", type, name, "2025-01-01", json);
    }
}
