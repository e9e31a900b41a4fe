using ProjectScout.Model.Diagnostics;
using ProjectScout.Model.Environments;
using ProjectScout.Model.Lakehouse;
using ProjectScout.Toolkit.Environments;
using ProjectScout.Toolkit.Lakehouse;
using Scriban.Runtime;

namespace ProjectScout.Toolkit.Rendering;

/// <summary>
/// The lakehouse declaration as Scriban globals, sized for one environment: <c>layers</c> (pipeline order),
/// <c>layers_by_name</c>, <c>cluster_profiles</c> (and <c>cluster_profiles_by_key</c>), <c>layer_cluster_profiles</c> (those the layers run on, in order of
/// first use) and <c>quality_gate</c>. Templates loop over these instead of spelling a layer.
/// </summary>
public static class LakehouseScript
{
    public static void Add(ScriptObject model, LakehouseDeclaration lakehouse, EnvironmentDefinition environment)
    {
        var profiles = lakehouse.ClusterProfiles.ToDictionary(p => p.Key, p => Profile(p, lakehouse, environment), StringComparer.Ordinal);
        var layers = lakehouse.Layers.Select(l => Layer(l, profiles[l.Cluster], lakehouse)).ToList();
        var byName = new ScriptObject();
        foreach (var (layer, script) in lakehouse.Layers.Zip(layers))
        {
            byName.Add(layer.Name, script);
        }

        model.Add("layers", new ScriptArray(layers));
        model.Add("layers_by_name", byName);
        model.Add("cluster_profiles", new ScriptArray(lakehouse.ClusterProfiles.Select(p => profiles[p.Key])));
        var profilesByKey = new ScriptObject();
        foreach (var profile in lakehouse.ClusterProfiles)
        {
            profilesByKey.Add(profile.Key, profiles[profile.Key]);
        }

        model.Add("cluster_profiles_by_key", profilesByKey);
        model.Add("layer_cluster_profiles", new ScriptArray(lakehouse.Layers.Select(l => l.Cluster).Distinct().Select(k => profiles[k])));
        model.Add("quality_gate", new ScriptObject
        {
            ["task_key_suffix"] = lakehouse.QualityGate.TaskKeySuffix,
            ["notebook_folder"] = lakehouse.QualityGate.NotebookFolder,
            ["timeout_seconds"] = lakehouse.QualityGate.TimeoutSeconds,
        });
    }

    private static ScriptObject Profile(ClusterProfile profile, LakehouseDeclaration lakehouse, EnvironmentDefinition environment)
    {
        if (!environment.Databricks.Clusters.TryGetValue(profile.Key, out var size))
        {
            throw new ProblemsException([new Problem(environment.SourceFile, 0, 0, "render.cluster-size",
                $"cluster profile '{profile.Key}' (templates/lakehouse.yaml) has no size; add databricks.clusters.{profile.Key} to the environment file.")]);
        }

        return new ScriptObject
        {
            ["key"] = profile.Key,
            ["job_cluster_key"] = profile.JobClusterKey,
            ["policy"] = profile.Policy,
            ["title"] = lakehouse.TitleOf(profile),
            ["tag"] = profile.Tag,
            ["spark_conf"] = Pairs(profile.SparkConf),
            // Same member names as the environment file (databricks.clusters.<key>).
            ["size"] = new ScriptObject { ["nodeType"] = size.NodeType, ["minWorkers"] = size.MinWorkers, ["maxWorkers"] = size.MaxWorkers },
            ["layers"] = new ScriptArray(lakehouse.LayersOn(profile).Select(l => l.Name)),
        };
    }

    private static ScriptObject Layer(LakehouseLayer layer, ScriptObject profile, LakehouseDeclaration lakehouse) => new()
    {
        ["name"] = layer.Name,
        ["purpose"] = layer.Purpose,
        ["schema"] = layer.Schema,
        ["container"] = layer.Container,
        ["served"] = layer.Served,
        ["retention"] = layer.Retention,
        ["cluster"] = profile,
        ["work"] = new ScriptObject
        {
            ["task_key"] = layer.WorkTaskKey,
            ["summary"] = layer.Work.Summary,
            ["description"] = layer.Work.Description,
            ["notebook"] = layer.Work.Notebook,
            ["parameters"] = layer.Work.Parameters.Count == 0 ? null : Pairs(layer.Work.Parameters),
            ["timeout_seconds"] = layer.Work.TimeoutSeconds,
            ["max_retries"] = layer.Work.MaxRetries,
            ["min_retry_interval_millis"] = layer.Work.MinRetryIntervalMillis,
            ["retry_on_timeout"] = layer.Work.RetryOnTimeout,
        },
        ["gate"] = new ScriptObject
        {
            ["task_key"] = layer.Gate.TaskKey,
            ["notebook"] = layer.Gate.Notebook,
            ["timeout_seconds"] = lakehouse.QualityGate.TimeoutSeconds,
        },
    };

    private static ScriptObject Pairs(IEnumerable<KeyValuePair<string, string>> pairs)
    {
        var result = new ScriptObject();
        foreach (var (key, value) in pairs)
        {
            result.Add(key, value);
        }

        return result;
    }
}
