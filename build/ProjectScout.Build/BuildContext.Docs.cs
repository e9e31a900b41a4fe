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
    /// On Azure Pipelines (TF_BUILD=True) writes one <c>##vso[task.logissue]</c> line per problem the failure carries,
    /// so the run and the pull request are annotated at the file and line.
    /// </summary>
    internal void AnnotateFailure(Exception exception) =>
        AzurePipelinesAnnotations.Emit(AzurePipelinesAnnotations.ProblemsOf(exception), Console.Out);
}
