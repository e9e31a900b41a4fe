namespace ProjectScout.Build.Tests.Deploy;

/// <summary>
/// The real host on a scratch repository and its in-process sandbox: a deploy records itself in the documents, and
/// Verify rebuilds the artifacts instead of reading ones a later, reverted edit left behind.
/// </summary>
[TestFixture]
[Order(1)] // the longest fixtures start first, so the short ones fill in around them
[Parallelizable(ParallelScope.Self)]
public sealed class FreshReadsEndToEndTests
{
    [Test]
    public async Task DeployAll_documents_its_record_and_Verify_after_a_reverted_edit_passes()
    {
        var root = await SharedRunResources.CopyValidatedAsync("fresh-reads");
        try
        {
            var deploy = await HostProcess.RunAsync(root, "--target=DeployAll");
            Assert.That(deploy.ExitCode, Is.EqualTo(0), deploy.All);

            var document = File.ReadAllText(Path.Combine(root, "artifacts", "sandbox", "docs", "MEDALLION_ENHANCED_ARCHITECTURE.md"));
            var record = document[document.IndexOf("## Deployment record", StringComparison.Ordinal)..];
            Assert.That(record, Does.Not.Contain("No deployment record"), "no RecordDeployment needed");
            Assert.That(record.Split('\n').Count(l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^\| [123] \| \d{4}-\d\d-\d\dT")), Is.EqualTo(3), "one row per deployed phase");

            // An edit built into the artifacts, then reverted in the sources: the artifacts are stale, the deployment is not.
            var template = Path.Combine(root, "templates/jobs/juicer_weekly_insights_summary.json.scriban");
            var original = File.ReadAllText(template);
            Assert.That(original, Does.Contain("\"max_retries\": 0"), "the test's edit must apply");
            File.WriteAllText(template, original.Replace("\"max_retries\": 0", "\"max_retries\": 2", StringComparison.Ordinal));
            var build = await HostProcess.RunAsync(root, "--target=RenderWorkspace");
            Assert.That(build.ExitCode, Is.EqualTo(0), build.All);
            Assert.That(Directory.EnumerateFiles(Path.Combine(root, "artifacts", "sandbox", "jobs")).Any(f => File.ReadAllText(f).Contains("\"max_retries\": 2", StringComparison.Ordinal)),
                "the edit reached the artifacts");
            File.WriteAllText(template, original);

            var verify = await HostProcess.RunAsync(root, "--target=Verify");

            Assert.That(verify.ExitCode, Is.EqualTo(0), verify.All);
            Assert.That(verify.Out, Does.Contain("Verified phase(s) 1, 2, 3 of 'sandbox'."));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
