using ProjectScout.Model.Diagnostics;
using ProjectScout.Model.Governance;
using ProjectScout.Toolkit.Governance;

namespace ProjectScout.Toolkit.Steps;

/// <summary>
/// Proves the generated column masks and row filters offline: compiled to DuckDB, evaluated on TestQuality's seeded
/// sample data as every role's principal of the target environment, compared with the declarations, and two planted
/// mistakes (a classification removed, a mask left off) caught.
/// </summary>
public sealed class TestAccess : IStep
{
    public string Name => nameof(TestAccess);

    public string Reads => "state.Governance, state.Contracts, the target environment's principals; settings.QualityRows, settings.QualitySeed";

    public string Updates => "artifacts/.cache/access-sample";

    public Task ApplyAsync(BuildState state, CancellationToken cancellationToken = default)
    {
        var environment = state.Target.Definition;
        var principals = new AccessPrincipals(state.Governance, environment.Principals);
        var now = DateTimeOffset.UtcNow;
        var asOf = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero);
        var rows = Math.Min(state.Settings.QualityRows, MaxRows);
        var report = LocalAccessRun.Run(state.Governance, state.Contracts, principals, Path.Combine(state.Layout.Cache, "access-sample"), rows, state.Settings.QualitySeed, asOf);
        var log = state.Log;
        foreach (var role in report.UnmappedRoles)
        {
            log.Error($"role '{role}' has no principal in {state.Layout.Display(environment.SourceFile)} (principals:)");
        }

        foreach (var group in report.Evaluations.GroupBy(e => (e.Role, e.Principal)))
        {
            var failed = group.Where(e => !e.Passed).ToList();
            log.Information($"{group.Key.Role,-10} ({group.Key.Principal}): {group.Count(e => e.ExpectClear)} clear, {group.Count(e => !e.ExpectClear)} masked or filtered; {failed.Count} violation(s)");
            foreach (var e in failed)
            {
                log.Error($"  {e.Table}.{e.Column} ({e.Kind}): {e.Violations} of {e.Rows} rows {(e.ExpectClear ? "altered or withheld" : "reached the principal in clear")}");
            }
        }

        foreach (var finding in report.Findings)
        {
            log.Error(finding.ToString());
        }

        log.Information("planted mistakes:");
        foreach (var planting in report.Plantings)
        {
            var line = $"  {planting.Change} -> caught by {(planting.Caught ? string.Join("; ", planting.CaughtBy) : "NOTHING")}";
            if (planting.Caught)
            {
                log.Information(line);
            }
            else
            {
                log.Error(line);
            }
        }

        if (!report.Succeeded)
        {
            throw new ToolkitException($"TestAccess failed: {report.Evaluations.Count(e => !e.Passed)} access violation(s), {report.Findings.Count} declaration mismatch(es), " +
                $"{report.Plantings.Count(p => !p.Caught)} planted mistake(s) not caught, {report.UnmappedRoles.Count} role(s) without a principal (see above).");
        }

        return Task.CompletedTask;
    }

    /// <summary>Enough rows for every mask and filter to meet each value kind; more only costs time.</summary>
    public const long MaxRows = 4000;
}
