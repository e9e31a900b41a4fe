namespace ProjectScout.Model.Environments;

/// <summary>Facts about environment files the validation and the catalog share.</summary>
public static class EnvironmentFiles
{
    /// <summary>environments/&lt;name&gt;.yaml: the file name is the environment's name.</summary>
    public const string Extension = ".yaml";

    /// <summary>The values of azure.credential: how the toolkit authenticates to Azure (docs/deployment.md).</summary>
    public static readonly IReadOnlyList<string> CredentialKinds = ["default", "environment", "workload-identity", "azure-cli", "managed-identity", "azure-pipelines"];
}
