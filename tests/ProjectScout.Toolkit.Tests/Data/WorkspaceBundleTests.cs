using ProjectScout.Model.Diagnostics;
using ProjectScout.Model.Environments;
using ProjectScout.Toolkit.Layout;
using ProjectScout.Toolkit.Workspace;

namespace ProjectScout.Toolkit.Tests.Data;

[TestFixture]
public sealed class WorkspaceBundleTests
{
    [Test]
    public void The_bundle_reads_paths_languages_hashes_and_rejects_untagged_jobs()
    {
        var root = Repository.NewScratchDirectory("bundle");
        try
        {
            var artifacts = new EnvironmentArtifacts(root);
            Directory.CreateDirectory(Path.Combine(artifacts.Notebooks, "data_quality"));
            File.WriteAllText(Path.Combine(artifacts.Notebooks, "data_quality", "bronze_quality.py"), "# Databricks notebook source\nprint(1)\n");
            File.WriteAllText(Path.Combine(artifacts.Notebooks, "setup.sql"), "-- Databricks notebook source\nSELECT 1\n");
            Directory.CreateDirectory(artifacts.Jobs);
            Directory.CreateDirectory(artifacts.Policies);
            File.WriteAllText(Path.Combine(artifacts.Jobs, "daily.json"), "{\"name\": \"d\", \"tags\": {\"managed_by\": \"projectscout-build\", \"projectscout_key\": \"daily\"}, \"tasks\": []}");
            File.WriteAllText(Path.Combine(artifacts.Policies, "bronze.json"), "{\"name\": \"p\", \"description\": \"\", \"definition\": {\"spark_version\": {\"type\": \"fixed\", \"value\": \"15.4.x-scala2.12\"}}}");

            var bundle = WorkspaceBundle.Load(artifacts, "/Shared/Juicer/");

            Assert.That(bundle.Notebooks.Select(n => (n.WorkspacePath, n.ApiLanguage)), Is.EqualTo(new[]
            {
                ("/Shared/Juicer/data_quality/bronze_quality", "PYTHON"),
                ("/Shared/Juicer/setup", "SQL"),
            }));
            Assert.That(bundle.Notebooks[0].Sha256, Is.EqualTo(ProjectScout.Toolkit.IO.GeneratedFiles.Sha256OfFile(bundle.Notebooks[0].SourceFile)));
            Assert.That(bundle.Jobs.Single().Key, Is.EqualTo("daily"));
            Assert.That(bundle.Policies.Single().DefinitionJson, Is.EqualTo("{\"spark_version\":{\"type\":\"fixed\",\"value\":\"15.4.x-scala2.12\"}}"));

            File.WriteAllText(Path.Combine(artifacts.Jobs, "Weekly.json"), "{\"name\": \"w\", \"tasks\": []}");
            File.WriteAllText(Path.Combine(artifacts.Jobs, "weekly.json"), "{\"name\": \"w\", \"tasks\": []}");
            var error = Assert.Throws<ProblemsException>(() => WorkspaceBundle.Load(artifacts, "/Shared/Juicer"));
            Assert.That(error!.Problems.Select(p => p.Code), Is.EquivalentTo(new[] { "bundle.key", "bundle.job-tags" }));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
