using ProjectScout.Model.Diagnostics;

namespace ProjectScout.Toolkit.Release;

/// <summary>
/// Turns <see cref="Problem"/> records into Azure Pipelines logging commands
/// (<c>##vso[task.logissue type=error;sourcepath=..;linenumber=..;columnnumber=..;code=..]message</c>), which annotate the
/// run summary and the pull request at the file and line. Only emitted when the agent says it is Azure Pipelines (TF_BUILD=True).
/// </summary>
public static class AzurePipelinesAnnotations
{
    public static bool IsRunningOnAzurePipelines(Func<string, string?>? environment = null) =>
        string.Equals((environment ?? Environment.GetEnvironmentVariable)("TF_BUILD"), "True", StringComparison.OrdinalIgnoreCase);

    /// <summary>One logging command for one problem. Properties and message are escaped as the agent expects.</summary>
    public static string Format(Problem problem)
    {
        var properties = new List<string> { "type=" + (problem.Severity == Severity.Error ? "error" : "warning") };
        // A release entry is named "<zip>!<entry>": there is no source file to jump to, the message still names it.
        if (!string.IsNullOrEmpty(problem.File) && !problem.File.Contains('!'))
        {
            properties.Add("sourcepath=" + EscapeProperty(problem.File.Replace('\\', '/')));
        }

        if (problem.Line > 0)
        {
            properties.Add("linenumber=" + problem.Line);
            properties.Add("columnnumber=" + Math.Max(problem.Column, 1));
        }

        properties.Add("code=" + EscapeProperty(problem.Code));
        return $"##vso[task.logissue {string.Join(';', properties)}]{EscapeMessage(problem.ToString())}";
    }

    /// <summary>Writes one command per problem when running on Azure Pipelines; returns how many were written.</summary>
    public static int Emit(IEnumerable<Problem> problems, TextWriter output, Func<string, string?>? environment = null)
    {
        if (!IsRunningOnAzurePipelines(environment))
        {
            return 0;
        }

        var count = 0;
        foreach (var problem in problems)
        {
            output.WriteLine(Format(problem));
            count++;
        }

        return count;
    }

    /// <summary>
    /// Sets an output variable of the current step (<c>##vso[task.setvariable variable=..;isOutput=true]</c>) when running on
    /// Azure Pipelines, so a later stage reads it as <c>stageDependencies.&lt;stage&gt;.&lt;job&gt;.outputs['&lt;step&gt;.&lt;name&gt;']</c>.
    /// </summary>
    public static bool SetOutputVariable(string name, string value, TextWriter output, Func<string, string?>? environment = null)
    {
        if (!IsRunningOnAzurePipelines(environment))
        {
            return false;
        }

        output.WriteLine($"##vso[task.setvariable variable={EscapeProperty(name)};isOutput=true]{EscapeMessage(value)}");
        return true;
    }

    /// <summary>The problems an exception carries: every one of a <see cref="ProblemsException"/>, or the message of a toolkit error.</summary>
    public static IReadOnlyList<Problem> ProblemsOf(Exception exception) => exception switch
    {
        ProblemsException problems => problems.Problems,
        ToolkitException toolkit => [new Problem("", 0, 0, "toolkit", toolkit.Message)],
        AggregateException aggregate => aggregate.Flatten().InnerExceptions.SelectMany(ProblemsOf).ToList(),
        _ => [],
    };

    // The agent's escaping (azure-pipelines-agent CommandStringConvertor): '%' first, then CR, LF, and in properties ';' and ']'.
    private static string EscapeMessage(string value) =>
        value.Replace("%", "%AZP25").Replace("\r", "%0D").Replace("\n", "%0A");

    private static string EscapeProperty(string value) =>
        EscapeMessage(value).Replace(";", "%3B").Replace("]", "%5D");
}
