namespace ProjectScout.Model.Infra;

/// <summary>One deployment phase: its entry template and the artifact files the toolkit writes for it.</summary>
public sealed record InfraPhase(int Number, string Title)
{
    /// <summary>templates/infra/phase&lt;N&gt;.bicep</summary>
    public string TemplateFileName => $"phase{Number}.bicep";

    /// <summary>artifacts/&lt;env&gt;/infra/phase&lt;N&gt;.bicepparam (generated from the environment file).</summary>
    public string ParametersSourceFileName => $"phase{Number}.bicepparam";

    /// <summary>artifacts/&lt;env&gt;/infra/phase&lt;N&gt;.json: the compiled ARM template the deployer sends.</summary>
    public string CompiledTemplateFileName => $"phase{Number}.json";

    /// <summary>artifacts/&lt;env&gt;/infra/phase&lt;N&gt;.parameters.json: the ARM parameters the deployer sends.</summary>
    public string CompiledParametersFileName => $"phase{Number}.parameters.json";

    /// <summary>artifacts/&lt;env&gt;/snapshots/phase&lt;N&gt;.json: the predicted resources.</summary>
    public string SnapshotFileName => $"phase{Number}.json";

    /// <summary>
    /// The ARM deployment name of this phase's compiled template and parameters (the one rule,
    /// <see cref="Arm.DeploymentNames.For"/>): the snapshot, the policy check and the deploy all use it.
    /// </summary>
    public string DeploymentName(string environment, string compiledTemplate, string compiledParameters) =>
        Arm.DeploymentNames.For(environment, Number, compiledTemplate, compiledParameters);
}

/// <summary>The three phases, in deployment order.</summary>
public static class InfraPhases
{
    public static IReadOnlyList<InfraPhase> All { get; } =
    [
        new(1, "Monitoring and the platform it watches"),
        new(2, "Storage lifecycle, private networking, key rotation"),
        new(3, "Disaster recovery and governance"),
    ];

    /// <summary>Artifact file names (relative to artifacts/&lt;env&gt;/) written by the infra build, for other areas to consume.</summary>
    public const string PolicyResultsFileName = "policy-results.json";
}
