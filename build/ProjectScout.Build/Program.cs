using ProjectScout.Build;
using ProjectScout.Build.Hosting;
using ProjectScout.Toolkit.Layout;

return await BuildHost.RunAsync(args, new HostOptions
{
    ContextType = typeof(BuildContext),
    CreateContext = cake => new BuildContext(cake),
    Lifetime = new BuildLifetime(),
    TaskTypes = typeof(BuildContext).Assembly.GetTypes(),
    Root = ToolkitLayout.FindRoot(Directory.GetCurrentDirectory()),
});
