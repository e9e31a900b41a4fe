using ProjectScout.Toolkit.Release;

namespace ProjectScout.Build;

public sealed partial class BuildContext
{
    /// <summary>
    /// The release that <c>VerifyRelease</c> checked and extracted when the run was given <c>--from-release</c>; null otherwise.
    /// Deploy tasks read <see cref="VerifiedRelease.For"/>(environment) instead of <see cref="Artifacts"/> when it is set.
    /// </summary>
    public VerifiedRelease? Release { get; internal set; }

    /// <summary>
    /// Reports a failed run's problems to CI: on Azure Pipelines (TF_BUILD=True) one <c>##vso[task.logissue]</c> line per
    /// problem, so the run and the pull request are annotated at the file and line; and always a SARIF log under
    /// artifacts/reports/sarif/&lt;name&gt;.sarif for the Scans tab. Called once, for whichever task failed.
    /// </summary>
    internal void AnnotateFailure(Exception exception, string name)
    {
        var problems = AzurePipelinesAnnotations.ProblemsOf(exception);
        if (problems.Count == 0)
        {
            return;
        }

        AzurePipelinesAnnotations.Emit(problems, Console.Out);
        SarifLog.Write(Path.Combine(Layout.Reports, "sarif", name + ".sarif"), problems);
    }
}
