using ProjectScout.Build.Hosting;
using ProjectScout.Build;
using ProjectScout.Model.Diagnostics;
using ProjectScout.Model.Layout;
using ProjectScout.Toolkit.Configuration;
using ProjectScout.Toolkit.Layout;
using ProjectScout.Toolkit.Release;

return await BuildHost.RunAsync(args, new HostOptions
{
    ContextType = typeof(BuildContext),
    CreateContext = cake => new BuildContext(cake),
    Lifetime = new BuildLifetime(),
    TaskTypes = typeof(BuildContext).Assembly.GetTypes(),
    Root = ToolkitLayout.FindRoot(Directory.GetCurrentDirectory()),
    // Toolkit errors carry the whole story (file:line and what to do) in their message: no stack trace for them.
    IsUserError = ex => ex is ToolkitException or ProblemsException,
    // Every argument is declared: a misspelt one fails before any task runs, naming the closest.
    Arguments = ArgumentNames.All.Select(a => new ArgumentSpec(a.Name, a.Description, a.Value)).ToList(),
    Versions = [("ProjectScout.Build", ReleaseIdentity.CurrentToolkitVersion), ("Bicep", ReleaseIdentity.CurrentBicepVersion)],
});
