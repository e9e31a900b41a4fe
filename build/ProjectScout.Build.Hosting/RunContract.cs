using Cake.Core;

namespace ProjectScout.Build.Hosting;

/// <summary>What a typed context may tell the host about its run beyond success or failure, as typed values.</summary>
public interface IRunContract
{
    /// <summary>The exit code of a successful run: 0, or another non-error code the build documents (a preview that found changes: 2).</summary>
    int SuccessExitCode { get; }

    /// <summary>The run writes its result on stdout: the host's log and summary go to stderr.</summary>
    bool OwnsStandardOutput { get; }
}

/// <summary>A console whose ordinary output can be moved to stderr once the run knows stdout carries its result.</summary>
internal sealed class RedirectableConsole(IConsole inner) : IConsole
{
    public bool ToStandardError { get; set; }

    public ConsoleColor ForegroundColor { get => inner.ForegroundColor; set => inner.ForegroundColor = value; }

    public ConsoleColor BackgroundColor { get => inner.BackgroundColor; set => inner.BackgroundColor = value; }

    public bool SupportAnsiEscapeCodes => inner.SupportAnsiEscapeCodes;

    public void ResetColor() => inner.ResetColor();

    public void Write(string format, params object[] arg)
    {
        if (ToStandardError)
        {
            inner.WriteError(format, arg);
        }
        else
        {
            inner.Write(format, arg);
        }
    }

    public void WriteLine(string format, params object[] arg)
    {
        if (ToStandardError)
        {
            inner.WriteErrorLine(format, arg);
        }
        else
        {
            inner.WriteLine(format, arg);
        }
    }

    public void WriteError(string format, params object[] arg) => inner.WriteError(format, arg);

    public void WriteErrorLine(string format, params object[] arg) => inner.WriteErrorLine(format, arg);
}
