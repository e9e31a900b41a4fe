namespace ProjectScout.Model.Azure;

/// <summary>
/// An ARM resource id, parsed: subscription, resource group, the provider namespace with its type chain and names,
/// and for an extension resource (…/providers/Microsoft.Insights/diagnosticSettings/x on a resource) the id it extends.
/// A resource group's own id has the type <c>Microsoft.Resources/resourceGroups</c>. Format gives the canonical text.
/// </summary>
public sealed record ResourceId
{
    private const string Providers = "providers";

    public required string SubscriptionId { get; init; }

    /// <summary>Null for subscription-level ids.</summary>
    public string? ResourceGroup { get; init; }

    /// <summary>The provider namespace (Microsoft.Storage); empty for a subscription or resource group id.</summary>
    public string Namespace { get; init; } = "";

    /// <summary>The type segments after the namespace, outermost first (storageAccounts, blobServices).</summary>
    public IReadOnlyList<string> Types { get; init; } = [];

    /// <summary>The names, one per type segment (account, default).</summary>
    public IReadOnlyList<string> Names { get; init; } = [];

    /// <summary>For an extension resource: the resource it extends; else null.</summary>
    public ResourceId? ExtendedResource { get; init; }

    /// <summary>The full ARM type: Microsoft.Storage/storageAccounts/blobServices.</summary>
    public string Type => Namespace.Length > 0
        ? Namespace + "/" + string.Join("/", Types)
        : ResourceGroup is not null ? AzureResourceTypes.ResourceGroups.Name : "Microsoft.Resources/subscriptions";

    /// <summary>The last name (the resource's own name), the group's name for a group id, the subscription id for a subscription.</summary>
    public string Name => Names.Count > 0 ? Names[^1] : ResourceGroup ?? SubscriptionId;

    /// <summary>The id of a resource of <paramref name="type"/> named <paramref name="names"/> (one name per type segment) in a resource group.</summary>
    public static ResourceId For(string subscriptionId, string resourceGroup, AzureResourceType type, params string[] names)
    {
        var parts = type.Name.Split('/');
        if (parts.Length - 1 != names.Length)
        {
            throw new ArgumentException($"{type.Name} needs {parts.Length - 1} name(s), got {names.Length}.", nameof(names));
        }

        return new ResourceId { SubscriptionId = subscriptionId, ResourceGroup = resourceGroup, Namespace = parts[0], Types = parts[1..], Names = names };
    }

    /// <summary>The resource group id (no provider part).</summary>
    public static ResourceId ForGroup(string subscriptionId, string resourceGroup) => new() { SubscriptionId = subscriptionId, ResourceGroup = resourceGroup };

    /// <summary>Parses an id; a leading double slash (as some Azure responses carry) is tolerated.</summary>
    public static ResourceId Parse(string id) =>
        TryParse(id, out var parsed) ? parsed : throw new FormatException($"'{id}' is not an ARM resource id (/subscriptions/<id>/resourceGroups/<group>/providers/<namespace>/<type>/<name>).");

    public static bool TryParse(string? id, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ResourceId? parsed)
    {
        parsed = null;
        if (string.IsNullOrWhiteSpace(id))
        {
            return false;
        }

        var segments = id.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length < 2 || !segments[0].Equals("subscriptions", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        // The last "providers" segment starts the resource's own part; anything before it is its scope.
        var provider = Array.FindLastIndex(segments, s => s.Equals(Providers, StringComparison.OrdinalIgnoreCase));
        var scopeEnd = provider < 0 ? segments.Length : provider;
        ResourceId? extended = null;
        string? group = null;
        if (scopeEnd > 4 && Array.FindIndex(segments, 0, scopeEnd, s => s.Equals(Providers, StringComparison.OrdinalIgnoreCase)) > 0)
        {
            if (!TryParse("/" + string.Join("/", segments[..scopeEnd]), out extended))
            {
                return false;
            }

            group = extended.ResourceGroup;
        }
        else if (scopeEnd == 4 && segments[2].Equals("resourceGroups", StringComparison.OrdinalIgnoreCase))
        {
            group = segments[3];
        }
        else if (scopeEnd != 2)
        {
            return false;
        }

        if (provider < 0)
        {
            parsed = new ResourceId { SubscriptionId = segments[1], ResourceGroup = group };
            return true;
        }

        var rest = segments[(provider + 1)..];
        if (rest.Length < 3 || rest.Length % 2 == 0)
        {
            return false;
        }

        parsed = new ResourceId
        {
            SubscriptionId = segments[1],
            ResourceGroup = group,
            Namespace = rest[0],
            Types = [.. rest.Skip(1).Where((_, i) => i % 2 == 0)],
            Names = [.. rest.Skip(1).Where((_, i) => i % 2 == 1)],
            ExtendedResource = extended,
        };
        return true;
    }

    /// <summary>The id of the parent resource (one type segment fewer), or null for a top-level resource.</summary>
    public ResourceId? Parent => Types.Count > 1 ? this with { Types = Types.Take(Types.Count - 1).ToList(), Names = Names.Take(Names.Count - 1).ToList() } : null;

    /// <summary>The canonical id text: /subscriptions/s/resourceGroups/g/providers/Namespace/type/name[/type/name…].</summary>
    public override string ToString()
    {
        var scope = ExtendedResource?.ToString()
            ?? (ResourceGroup is null ? $"/subscriptions/{SubscriptionId}" : $"/subscriptions/{SubscriptionId}/resourceGroups/{ResourceGroup}");
        if (Namespace.Length == 0)
        {
            return scope;
        }

        var text = new System.Text.StringBuilder(scope).Append("/providers/").Append(Namespace);
        for (var i = 0; i < Types.Count; i++)
        {
            text.Append('/').Append(Types[i]).Append('/').Append(Names[i]);
        }

        return text.ToString();
    }

    /// <summary>ARM ids compare case-insensitively.</summary>
    public bool Equals(ResourceId? other) => other is not null && string.Equals(ToString(), other.ToString(), StringComparison.OrdinalIgnoreCase);

    public override int GetHashCode() => StringComparer.OrdinalIgnoreCase.GetHashCode(ToString());
}
