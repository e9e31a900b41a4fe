namespace ProjectScout.Sandbox.Arm;

internal sealed class ArmStore
{
    public const string FileName = "arm.json";
    public ArmStore(SandboxOptions options, Func<string> workspaceAuthority) { }
    public void ResumePending() { }
    public Task DrainAsync() => Task.CompletedTask;
}
