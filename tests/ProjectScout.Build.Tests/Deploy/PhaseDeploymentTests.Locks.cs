using System.Diagnostics;
using ProjectScout.Model.Arm;
using ProjectScout.Model.Diagnostics;
using ProjectScout.Toolkit.Arm;
using ProjectScout.Toolkit.Deployment;

namespace ProjectScout.Build.Tests.Deploy;

/// <summary>Locks that recover: a dead holder on this host is taken over at once, a named lock can be broken, leases are short.</summary>
public partial class PhaseDeploymentTests
{
    [Test]
    public async Task A_lock_whose_holder_process_on_this_host_is_gone_is_taken_over_at_once_and_logged()
    {
        var scope = new ResourceGroupScope(_environment.Azure.SubscriptionId, _environment.Azure.ResourceGroup);
        using var deployer = Deployer(lockWait: TimeSpan.FromSeconds(1));
        var dead = await DeadProcessIdAsync();
        // As a killed deploy leaves it: a lease valid for an hour, held by a process of this host that no longer exists.
        var orphan = new LockLease("ci@this-host pid " + dead, "", DateTimeOffset.UtcNow.AddHours(1), "killedrun") { Host = LockLease.ThisHost, ProcessId = dead };
        await deployer.Arm.PutResourceGroupAsync(scope, _environment.Azure.Location, new Dictionary<string, string> { [LockLease.TagName] = orphan.Format() });

        Assert.That((await deployer.DeployAsync(1)).Recorded, Is.True);

        Assert.That(_log, Has.Exactly(1).StartsWith("Taking over the deployment lock of ci@this-host pid " + dead).And.Contains($"its process {dead} on this host"));
        Assert.That(_log, Has.None.StartsWith("Waiting for the deployment lock"), "no wait for a holder that is gone");

        // A live holder on this host (this very test process) is still waited for: only a gone process is taken over.
        var alive = orphan with { Token = "alive", ProcessId = await LiveChildAsync() };
        Assert.That(alive.HolderIsGoneFromThisHost(), Is.False);
    }

    [Test]
    public async Task Unlock_breaks_only_the_named_lock()
    {
        using var deployer = Deployer();
        var tags = deployer.Connection.Tags;
        var held = new LockLease("release-agent-3", "20261122.7", DateTimeOffset.UtcNow.AddHours(1), "abc123") { Host = "other-host", ProcessId = 42 };
        await tags.UpdateAsync(t => t[LockLease.TagName] = held.Format(), CancellationToken.None);

        var wrong = Assert.ThrowsAsync<ToolkitException>(() => DeploymentLock.BreakAsync(tags, "sandbox", "nottheone", CancellationToken.None));
        Assert.That(wrong!.Message, Does.Contain("not with lock token 'nottheone'").And.Contain("abc123").And.Not.Contain("\n"));
        Assert.That((await tags.ReadAsync(CancellationToken.None))!.Tags.ContainsKey(LockLease.TagName), Is.True, "a wrong token breaks nothing");

        var broken = await DeploymentLock.BreakAsync(tags, "sandbox", "abc123", CancellationToken.None);
        Assert.That(broken.Owner, Is.EqualTo("release-agent-3"));
        Assert.That((await tags.ReadAsync(CancellationToken.None))!.Tags.ContainsKey(LockLease.TagName), Is.False);
        Assert.ThrowsAsync<ToolkitException>(() => DeploymentLock.BreakAsync(tags, "sandbox", "abc123", CancellationToken.None), "not locked any more");
        Assert.That((await deployer.DeployAsync(1)).Recorded, Is.True);
    }

    [Test]
    public void Leases_are_short_and_record_their_host_and_process()
    {
        Assert.That(new LockSettings().Lease, Is.LessThanOrEqualTo(TimeSpan.FromMinutes(2)), "a holder that died blocks for minutes, not half an hour");
        var lease = LockLease.Parse(new LockLease("me", "7", DateTimeOffset.UtcNow.AddMinutes(2), "t0k3n") { Host = "agent-1", ProcessId = 4242 }.Format())!;
        Assert.That((lease.Host, lease.ProcessId, lease.Token), Is.EqualTo(("agent-1", 4242, "t0k3n")));
        Assert.That(lease.HolderIsGoneFromThisHost(), Is.False, "a holder on another host is never judged by this host's processes");
    }

    private static async Task<int> DeadProcessIdAsync()
    {
        using var process = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        await process.WaitForExitAsync();
        return process.Id;
    }

    private readonly List<Process> _children = [];

    private async Task<int> LiveChildAsync()
    {
        var child = Process.Start(new ProcessStartInfo("sleep", "30") { UseShellExecute = false })!;
        _children.Add(child);
        await Task.Yield();
        return child.Id;
    }

    [TearDown]
    public void StopChildren()
    {
        foreach (var child in _children)
        {
            child.Kill();
            child.Dispose();
        }

        _children.Clear();
    }
}
