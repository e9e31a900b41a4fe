namespace ProjectScout.Sandbox.State;

/// <summary>Another process's sandbox holds the state directory; the message names the directory and the process.</summary>
public sealed class StateDirectoryLockedException(string message) : IOException(message);

/// <summary>
/// An OS file lock on the state directory (<c>.lock</c>, opened with no sharing: flock on Unix, a share lock on Windows),
/// held from the sandbox's start to its stop. Two sandboxes on one state would each keep it in memory and overwrite each
/// other (two deploys both planning every create, a torn state), so a second one waits for the first or is refused. The
/// kernel releases the lock when its process dies, so a killed run never leaves it behind; <c>.lock-holder</c> names
/// the process for the messages.
/// </summary>
public sealed class StateDirectoryLock : IDisposable
{
    public const string FileName = ".lock";
    public const string HolderFileName = ".lock-holder";

    private readonly FileStream _stream;

    private StateDirectoryLock(FileStream stream) => _stream = stream;

    /// <summary>
    /// Takes the lock on <paramref name="directory"/>, waiting up to <paramref name="wait"/> for its holder to stop;
    /// <paramref name="waiting"/> hears once that (and for whom) it waits. Throws <see cref="StateDirectoryLockedException"/> when the wait ends.
    /// </summary>
    public static async Task<StateDirectoryLock> AcquireAsync(string directory, TimeSpan wait, Action<string>? waiting, CancellationToken cancellationToken = default)
    {
        var deadline = DateTimeOffset.UtcNow + wait;
        var announced = false;
        while (true)
        {
            if (TryAcquire(directory) is { } acquired)
            {
                return acquired;
            }

            if (DateTimeOffset.UtcNow >= deadline)
            {
                throw new StateDirectoryLockedException(
                    $"The sandbox state {directory} is in use by another sandbox ({Holder(directory)}); waited {wait.TotalSeconds:0} s. Let that run finish (or stop it) and run again.");
            }

            if (!announced)
            {
                waiting?.Invoke($"Waiting for the sandbox of another run ({Holder(directory)}) to finish with {directory}, up to {wait.TotalSeconds:0} s: one sandbox at a time on one state.");
                announced = true;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken);
        }
    }

    /// <summary>The lock, or null when another sandbox holds it.</summary>
    public static StateDirectoryLock? TryAcquire(string directory)
    {
        Directory.CreateDirectory(directory);
        FileStream stream;
        try
        {
            stream = new FileStream(Path.Combine(directory, FileName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            return null;
        }

        File.WriteAllText(Path.Combine(directory, HolderFileName), $"process {Environment.ProcessId} on {Environment.MachineName}\n");
        return new StateDirectoryLock(stream);
    }

    /// <summary>Who holds (or last held) the lock, as the holder wrote it.</summary>
    public static string Holder(string directory)
    {
        try
        {
            return File.ReadAllText(Path.Combine(directory, HolderFileName)).Trim();
        }
        catch (IOException)
        {
            return "an unknown process";
        }
    }

    public void Dispose() => _stream.Dispose();
}
