using System.Text.RegularExpressions;

namespace ProjectScout.Model.Environments;

/// <summary>
/// The principals' shape: each group a usable account group name, the run-as principal an application (client) id.
/// Whether every role of templates/governance.yaml has a group is checked against that file (AccessChecks.Principals).
/// </summary>
internal sealed partial class EnvironmentValidator
{
    private void Principals()
    {
        var principals = env.Principals;
        if (!Present("principals"))
        {
            Add("principals", "env.required", "principals is required: the account groups of the governance roles (groups) and the run-as service principal's application id (runAsApplicationId).");
            return;
        }

        foreach (var (role, group) in principals.Groups)
        {
            if (Required("principals.groups." + role, group) && !GroupNameRegex().IsMatch(group))
            {
                Add("principals.groups." + role, "env.principals", $"'{group}' is not an account group name; use letters, digits, spaces, '.', '_' and '-' (at most 255 characters).");
            }
        }

        if (principals.Groups.Values.GroupBy(g => g, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1) is { } shared)
        {
            Add("principals.groups", "env.principals", $"group '{shared.Key}' is given to more than one role; each role needs its own group, or its grants would merge.");
        }

        var appId = principals.RunAsApplicationId;
        if (Required("principals.runAsApplicationId", appId) && !System.Guid.TryParseExact(appId, "D", out _))
        {
            Add("principals.runAsApplicationId", "env.guid",
                $"'{appId}' is not a GUID: give the run-as service principal's application (client) id (az ad sp show --id <name> --query appId -o tsv).");
        }
    }

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9 ._-]{0,254}$")]
    private static partial Regex GroupNameRegex();
}
