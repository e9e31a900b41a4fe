using ProjectScout.Model.Diagnostics;
using ProjectScout.Model.Environments;
using ProjectScout.Model.Governance;
using ProjectScout.Toolkit.Contracts;
using ProjectScout.Toolkit.Databricks.Adapters;
using ProjectScout.Toolkit.Environments;
using ProjectScout.Toolkit.Governance;
using ProjectScout.Toolkit.Lakehouse;

namespace ProjectScout.Toolkit.Tests.Governance;

/// <summary>The one role → principal mapping (AccessPrincipals) behind grants, mask functions, ACLs and documents.</summary>
public sealed class AccessPrincipalsTests
{
    [Test]
    public void Grants_and_acls_name_the_environment_s_principals_and_a_role_mapped_to_nobody_never_reaches_a_grant()
    {
        var environment = new EnvironmentCatalog(Repository.Layout.Environments).Load("dev");
        var lakehouse = LakehouseLoader.Load(Repository.Layout);
        var governance = GovernanceLoader.Load(Repository.Layout.Governance, lakehouse.LayerNames);
        var access = new AccessDesired(governance, new ContractLoader(Repository.Layout.Contracts, lakehouse.LayerNames).Load(), environment);
        var analysts = environment.Principals.Groups["analysts"];
        var application = environment.Principals.RunAsApplicationId;
        Assert.That((access.PrincipalOf("analysts"), access.PrincipalOf(governance.PipelineRole)), Is.EqualTo((analysts, application)));
        Assert.That((access.AclPrincipal("analysts"), access.AclPrincipal(governance.PipelineRole)),
            Is.EqualTo((new Principal("group_name", analysts), new Principal("service_principal_name", application))));
        Assert.That(access.Grants.SelectMany(g => g.Privileges.Keys).Distinct(), Is.SubsetOf(governance.Roles.Select(access.PrincipalOf)), "every grantee is a mapped principal");

        // The validator refuses such an environment; should one reach the mapping, a grant must not go to a guessed name.
        var groups = new SortedDictionary<string, string>(environment.Principals.Groups.Where(g => g.Key != "analysts").ToDictionary(g => g.Key, g => g.Value), StringComparer.Ordinal);
        var unmapped = new AccessPrincipals(governance, new PrincipalSettings { Groups = groups, RunAsApplicationId = "" }, environment.SourceFile);
        Assert.That((unmapped.Of("analysts"), unmapped.Describe("analysts")), Is.EqualTo(((string?)null, "analysts (no principal)")));
        Assert.That(unmapped.Of(governance.Roles), Is.EqualTo(groups.Values.Order(StringComparer.Ordinal)), "the local proof acts only as mapped principals");
        Assert.That(Assert.Throws<ToolkitException>(() => unmapped.Require("analysts"))!.Message,
            Does.StartWith(environment.SourceFile + ": ").And.Contain("role 'analysts'").And.Contain("principals.groups.analysts"));
        Assert.That(Assert.Throws<ToolkitException>(() => unmapped.Require(governance.PipelineRole))!.Message, Does.Contain("principals.runAsApplicationId"));
        Assert.Throws<ToolkitException>(() => DesiredGrants.Build(governance, "cat", unmapped.Require));
    }
}
