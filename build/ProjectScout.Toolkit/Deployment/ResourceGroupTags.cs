using ProjectScout.Model.Arm;
using ProjectScout.Model.Environments;
using ProjectScout.Toolkit.Arm;
using ProjectScout.Toolkit.Environments;

namespace ProjectScout.Toolkit.Deployment;

/// <summary>
/// Read-modify-write of the resource group's tags (ARM replaces the whole set on PUT). Writes of one process go one at
/// a time; writes of different processes are ordered by the deployment lock.
/// </summary>
public sealed class ResourceGroupTags(ArmClient arm, ResourceGroupScope scope, EnvironmentDefinition environment)
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public ResourceGroupScope Scope => scope;

    public Task<ResourceGroupInfo?> ReadAsync(CancellationToken ct) => arm.GetResourceGroupAsync(scope, ct);

    /// <summary>
    /// Applies <paramref name="change"/> to the current tags (creating the group with the environment's location and tags
    /// when it does not exist) and writes them back; returns the tags written.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, string>> UpdateAsync(Action<IDictionary<string, string>> change, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            var current = await arm.GetResourceGroupAsync(scope, ct);
            var tags = new SortedDictionary<string, string>(StringComparer.Ordinal);
            foreach (var (key, value) in environment.Tags)
            {
                tags[key] = value;
            }

            foreach (var (key, value) in current?.Tags ?? new Dictionary<string, string>())
            {
                tags[key] = value;
            }

            change(tags);
            var written = await arm.PutResourceGroupAsync(scope, current?.Location is { Length: > 0 } location ? location : environment.Azure.Location, tags, ct);
            return written.Tags;
        }
        finally
        {
            _gate.Release();
        }
    }
}
