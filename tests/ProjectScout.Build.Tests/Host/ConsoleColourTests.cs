using ProjectScout.Build.Hosting;

namespace ProjectScout.Build.Tests.Host;

/// <summary>Colour only on a terminal and never with NO_COLOR: piped logs carry no escape codes.</summary>
public sealed class ConsoleColourTests
{
    [Test]
    public async Task Redirected_output_carries_no_escape_codes_even_without_NO_COLOR()
    {
        var root = Repository.CopyInputs("colour");
        try
        {
            var noNoColor = new Dictionary<string, string?> { ["NO_COLOR"] = null, ["TERM"] = "xterm-256color" };
            var failure = await HostProcess.RunAsync(root, noNoColor, "--target=Nope");
            var success = await HostProcess.RunAsync(root, noNoColor, "--target=Clean");

            Assert.That(failure.ExitCode, Is.EqualTo(1));
            Assert.That(failure.Error, Does.Contain("Unknown target 'Nope'"), "the error is still written");
            Assert.That(success.ExitCode, Is.EqualTo(0), success.All);
            Assert.That(success.Out, Does.Contain("Nothing to clean"));
            Assert.That(failure.All + success.All, Does.Not.Contain("\u001b"), "no ANSI escape byte in piped output");
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [TestCase(null, false, false, true)]
    [TestCase("", false, false, true)]
    [TestCase("1", false, false, false)]
    [TestCase(null, true, false, false)]
    [TestCase(null, false, true, false)]
    public void Colour_is_wanted_only_on_a_terminal_without_NO_COLOR(string? noColor, bool outRedirected, bool errorRedirected, bool wanted) =>
        Assert.That(ConsoleColouring.IsWanted(noColor, outRedirected, errorRedirected), Is.EqualTo(wanted));

    [Test]
    public void The_plain_console_ignores_colour_changes_and_writes_the_text()
    {
        var inner = new RecordingConsole();
        var plain = new PlainConsole(inner);
        plain.ForegroundColor = ConsoleColor.Red;
        plain.WriteLine("line {0}", 1);
        plain.WriteErrorLine("oops");

        Assert.That((inner.Out, inner.Error, inner.ForegroundColor, plain.SupportAnsiEscapeCodes), Is.EqualTo(("line 1\n", "oops\n", default(ConsoleColor), false)));
    }
}
