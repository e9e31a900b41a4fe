using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using ProjectScout.Model.Contracts;
using ProjectScout.Model.Diagnostics;
using ProjectScout.Model.Governance;
using ProjectScout.Toolkit.Contracts;
using ProjectScout.Toolkit.Environments;
using ProjectScout.Toolkit.Governance;
using ProjectScout.Toolkit.IO;
using ProjectScout.Toolkit.Lakehouse;
using ProjectScout.Toolkit.Rendering;
using ProjectScout.Toolkit.Workspace;

namespace ProjectScout.Toolkit.Tests.Governance;

/// <summary>
/// The redaction the insight notebook runs, cut out of the RENDERED notebook and run with python3 on seeded transcripts
/// with planted identifiers: none may reach the text a prompt is built from.
/// </summary>
[TestFixture]
public sealed class RedactionTests
{
    private const string Notebook = "juicer_generate_platinum_insights";
    private static readonly Lazy<(string Notebook, GovernanceDeclaration Governance)> Rendered = new(Render);

    [Test]
    public void No_planted_identifier_of_a_seeded_transcript_reaches_the_prompt_text()
    {
        var (notebook, governance) = Rendered.Value;
        var transcripts = SeededTranscripts(seed: 42, count: 60);
        var redacted = ToolPath.Find("python3") is null
            ? transcripts.Select(t => RedactInDotNet(governance, t.Row)).ToList() // the same declared regexes, where python3 is missing
            : RunRedaction(Extract(notebook), transcripts);

        Assert.That(redacted, Has.Count.EqualTo(transcripts.Count));
        for (var i = 0; i < transcripts.Count; i++)
        {
            foreach (var planted in transcripts[i].Planted)
            {
                Assert.That(redacted[i], Does.Not.Contain(planted), $"transcript {i}: '{planted}' reached the prompt text:\n{redacted[i]}");
                // Nor its digits respelled with other separators.
                if (Digits(planted) is { Length: >= 7 } digits)
                {
                    Assert.That(redacted[i], Does.Not.Match(string.Join(@"\D{0,2}", digits.Select(d => d.ToString()))), $"transcript {i}: the digits of '{planted}' reached the prompt text:\n{redacted[i]}");
                }
            }

            // The conversation itself survives: only the identifiers go.
            Assert.That(redacted[i], Does.Contain("switched to Globe"));
        }

        // Every declared pattern and every classified column of the prompt's source did some of the work.
        var all = string.Join("\n", redacted);
        foreach (var replacement in governance.FreeTextPatterns.Select(p => p.Replacement).Append("[AGENT_ID]").Append("[CUSTOMER_ID]"))
        {
            Assert.That(all, Does.Contain(replacement));
        }
    }

    [Test]
    public void The_notebook_builds_prompts_only_from_redacted_text_and_calls_only_declared_hosts()
    {
        var (notebook, governance) = Rendered.Value;
        var promptLines = notebook.Split('\n').Where(l => Regex.IsMatch(l, @"^\s*prompt\s*=")).ToList();
        Assert.That(promptLines, Is.Not.Empty);
        Assert.That(promptLines, Has.All.Contains("redacted").And.All.Not.Contains("full_transcript"));
        Assert.That(notebook.IndexOf("redact_row(", StringComparison.Ordinal), Is.LessThan(notebook.IndexOf("prompt = ", StringComparison.Ordinal)));
        Assert.That(notebook, Does.Contain("url = require_declared_host(settings[\"url\"])"));

        var urls = Regex.Matches(notebook, "\"url\": \"(https?://[^\"]+)\"").Select(m => new Uri(m.Groups[1].Value).Host).ToList();
        Assert.That(urls, Is.Not.Empty);
        Assert.That(urls, Is.SubsetOf(governance.LlmProviderHosts), "a provider URL in the notebook is not a declared llmProviderHost");

        var script = Extract(notebook) + """

import json
results = {}
for url in ["https://api.anthropic.com/v1/messages", "https://api.openai.com/v1/chat/completions", "https://evil.example.com/v1/messages",
            "http://api.openai.com/v1/chat/completions", "https://api.openai.com.evil.example.com/v1", "https://user@evil.example.com/?api.openai.com"]:
    try:
        require_declared_host(url)
        results[url] = "allowed"
    except ValueError:
        results[url] = "refused"
print(json.dumps(results))
""";
        var verdicts = JsonSerializer.Deserialize<Dictionary<string, string>>(Python(script, ""))!;
        Assert.That(verdicts.Where(v => v.Value == "allowed").Select(v => new Uri(v.Key).Host), Is.EquivalentTo(governance.LlmProviderHosts));
        Assert.That(verdicts.Count(v => v.Value == "refused"), Is.EqualTo(4));
    }

    [Test]
    public void Validation_refuses_a_notebook_that_calls_out_without_the_redaction_or_names_an_undeclared_host()
    {
        var (notebook, governance) = Rendered.Value;
        BundleNotebook Notebook(string text) => new("juicer_x", "/Shared/juicer_x", NotebookLanguage.Python, System.Text.Encoding.UTF8.GetBytes(text), "", "juicer_x.py");
        IReadOnlyList<Problem> Check(string text) => NotebookEgressCheck.Check([Notebook(text)], governance, _ => "notebooks/juicer_x.py.scriban");

        Assert.That(Check(notebook), Is.Empty, "the repository's insight notebook passes");
        Assert.That(Check("import requests\nrequests.post(\"https://api.openai.com/v1/chat/completions\", json={})\n").Select(p => p.Message),
            Has.One.Contains("without the generated redaction"));
        var undeclared = Check(notebook.Replace("https://api.openai.com/v1/chat/completions", "https://llm.example.com/v1/chat", StringComparison.Ordinal));
        Assert.That(undeclared.Select(p => p.Message), Has.One.Contains("names https://llm.example.com/v1/chat"));
        Assert.That(undeclared.Single().File, Is.EqualTo("notebooks/juicer_x.py.scriban"));
    }

    private sealed record Transcript(Dictionary<string, string> Row, IReadOnlyList<string> Planted);

    /// <summary>Call-centre transcripts with the row's own agent and customer ids, phones, e-mails, card and account numbers planted in varied spellings.</summary>
    private static List<Transcript> SeededTranscripts(int seed, int count)
    {
        var random = new Random(seed);
        string D(int n) => string.Concat(Enumerable.Range(0, n).Select(_ => random.Next(10).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var phones = new Func<string>[]
        {
            () => $"+63 917 {D(3)} {D(4)}", () => $"0917-{D(3)}-{D(4)}", () => $"(02) 8{D(3)}-{D(4)}", () => $"+1 555.{D(3)}.{D(4)}", () => $"09{D(9)}",
        };
        var cards = new Func<string>[] { () => $"4{D(3)} {D(4)} {D(4)} {D(4)}", () => $"5{D(3)}-{D(4)}-{D(4)}-{D(4)}", () => $"4{D(15)}", () => $"3{D(3)} {D(6)} {D(5)}" };
        var accounts = new Func<string>[] { () => $"acct {D(8)}", () => $"account #: {D(9)}", () => $"acc no. {D(10)}", () => $"account {D(7)}", () => $"Account No. {D(7)}", () => $"ACCT#{D(6)}" };
        var emails = new Func<string>[] { () => $"juan.dela.cruz{D(2)}@gmail.com", () => $"m_santos+promo@globe.com.ph", () => $"ANA.REYES@Example.ORG" };
        var list = new List<Transcript>();
        for (var i = 0; i < count; i++)
        {
            var agent = $"agent_{random.Next(40)}";
            var customer = $"cust_{random.Next(5000)}";
            var phone = phones[i % phones.Length]();
            var card = cards[i % cards.Length]();
            var account = accounts[i % accounts.Length]();
            var email = emails[i % emails.Length]();
            var text = $"agent: Good morning, this is {agent}, how can I help? customer: I switched to Globe last month. My customer number is {customer} " +
                       $"and you can call me on {phone} or write to {email}. agent: I see card {card} on file, billed to {account}. customer: yes, {customer} is me.";
            list.Add(new Transcript(
                new Dictionary<string, string> { ["transcript_id"] = "tr_" + i, ["agent_id"] = agent, ["customer_id"] = customer, ["full_transcript"] = text },
                [agent, customer, phone, card, Regex.Match(account, @"\d+$").Value, email]));
        }

        return list;
    }

    private static string RedactInDotNet(GovernanceDeclaration governance, Dictionary<string, string> row)
    {
        var text = row["full_transcript"];
        foreach (var (column, value) in new[] { "agent_id", "customer_id" }.Select(c => (c, row[c])).OrderByDescending(p => p.Item2.Length))
        {
            text = Regex.Replace(text, $"(?<![0-9A-Za-z_]){Regex.Escape(value)}(?![0-9A-Za-z_])", $"[{column.ToUpperInvariant()}]");
        }

        return governance.FreeTextPatterns.Aggregate(text, (t, p) => Regex.Replace(t, p.Regex, p.Replacement));
    }

    private static string Digits(string text) => new(text.Where(char.IsAsciiDigit).ToArray());

    /// <summary>The generated redaction, exactly as the notebook carries it (between its markers).</summary>
    private static string Extract(string notebook)
    {
        var begin = notebook.IndexOf(RedactionScript.BeginMarker, StringComparison.Ordinal);
        var end = notebook.IndexOf(RedactionScript.EndMarker, StringComparison.Ordinal);
        Assert.That(begin, Is.GreaterThanOrEqualTo(0).And.LessThan(end), "the rendered notebook carries the generated redaction");
        return notebook[begin..end];
    }

    private static List<string> RunRedaction(string redaction, List<Transcript> transcripts)
    {
        var script = redaction + """

import json, sys
rows = json.load(sys.stdin)
print(json.dumps([redact_row(row, "full_transcript")[0] for row in rows]))
""";
        return JsonSerializer.Deserialize<List<string>>(Python(script, JsonSerializer.Serialize(transcripts.Select(t => t.Row))))!;
    }

    private static string Python(string script, string input)
    {
        var python = ToolPath.Find("python3");
        if (python is null)
        {
            Assert.Ignore("python3 is not installed: the generated redaction cannot run here (ParseNotebooks skips the same way).");
        }

        var file = Path.Combine(Repository.NewScratchDirectory("redaction"), "redaction.py");
        File.WriteAllText(file, script);
        var start = new ProcessStartInfo(python!, [file]) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        process.StandardInput.Write(input);
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Directory.Delete(Path.GetDirectoryName(file)!, recursive: true);
        Assert.That(process.ExitCode, Is.Zero, error);
        return output;
    }

    private static (string, GovernanceDeclaration) Render()
    {
        var layout = Repository.Layout;
        var lakehouse = LakehouseLoader.Load(layout);
        var governance = GovernanceLoader.Load(layout.Governance, lakehouse.LayerNames);
        var contracts = new ContractLoader(layout.Contracts, lakehouse.LayerNames).Load();
        var environment = new EnvironmentCatalog(layout.Environments).Load("sandbox");
        var model = WorkspaceRenderer.Model(environment, contracts, lakehouse);
        RedactionScript.Add(model, governance, contracts);
        var problems = new List<Problem>();
        var text = new StrictTemplates(layout.Root, layout.Display).Render(Path.Combine(layout.Notebooks, Notebook + ".py" + WorkspaceRenderer.TemplateExtension), model, problems);
        Assert.That(problems, Is.Empty);
        return (text!, governance);
    }
}
