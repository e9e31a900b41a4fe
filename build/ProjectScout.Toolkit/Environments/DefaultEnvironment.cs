using ProjectScout.Model.Diagnostics;
using ProjectScout.Model.Environments;

namespace ProjectScout.Toolkit.Environments;

/// <summary>
/// A run that names no environment targets the default one (cake.config Defaults.Environment), and that must be a local
/// sandbox: `./build.sh` with no arguments never reaches for real Azure credentials, whatever an environment file says.
/// </summary>
public static class DefaultEnvironment
{
    /// <summary>Throws one line naming the file when the default environment is not kind: sandbox.</summary>
    public static void RequireSandbox(EnvironmentDefinition environment, string file)
    {
        if (environment.Kind != EnvironmentKind.Sandbox)
        {
            throw new ToolkitException(
                $"{file}: the default environment '{environment.Name}' has kind: {environment.Kind.ToString().ToLowerInvariant()}, but a run without --environment must never reach Azure: set kind: sandbox in it, or name a real environment explicitly with --environment=<env>.");
        }
    }
}
