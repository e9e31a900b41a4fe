using System.Text;
using Cake.Core;

namespace ProjectScout.Tests;

/// <summary>An IConsole that keeps what the host wrote, split into standard output and standard error.</summary>
public sealed class RecordingConsole : IConsole
{
    private readonly StringBuilder _out = new();
    private readonly StringBuilder _error = new();

    public string Out => _out.ToString();
    public string Error => _error.ToString();
    public string All => Out + Error;

    public ConsoleColor ForegroundColor { get; set; }
    public ConsoleColor BackgroundColor { get; set; }
    public bool SupportAnsiEscapeCodes => false;

    public void Write(string format, params object[] arg) => _out.AppendFormat(format, arg);
    public void Write(string value) => _out.Append(value);
    public void WriteLine(string format, params object[] arg) => _out.AppendFormat(format, arg).Append('\n');
    public void WriteLine(string value) => _out.Append(value).Append('\n');
    public void WriteError(string format, params object[] arg) => _error.AppendFormat(format, arg);
    public void WriteError(string value) => _error.Append(value);
    public void WriteErrorLine(string format, params object[] arg) => _error.AppendFormat(format, arg).Append('\n');
    public void WriteErrorLine(string value) => _error.Append(value).Append('\n');
    public void ResetColor()
    {
    }
}
