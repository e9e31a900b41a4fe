using ProjectScout.Build;
using ProjectScout.Build.Hosting;
using ProjectScout.Toolkit.Diagnostics;
using ProjectScout.Toolkit.Layout;

return await BuildHost.RunAsync(args, new HostOptions
{
    ContextType = typeof(BuildContext),
    CreateContext = cake => new BuildContext(cake),
    Lifetime = new BuildLifetime(),
    TaskTypes = typeof(BuildContext).Assembly.GetTypes(),
    Root = ToolkitLayout.FindRoot(Directory.GetCurrentDirectory()),
    // Toolkit errors carry the whole story (file:line and what to do) in their message: no stack trace for them.
    IsUserError = ex => ex is ToolkitException or ProblemsException,
});
