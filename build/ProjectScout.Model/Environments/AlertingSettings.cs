namespace ProjectScout.Model.Environments;

/// <summary>
/// The environment's escalation: severity tiers, each with the alert severities it takes and its receivers. One action
/// group per tier; alert processing rules route alerts to it by severity (templates/infra/modules/alerting.bicep), and
/// job failures reach the tier the job's workload class names.
/// </summary>
public sealed class AlertingSettings
{
    public List<AlertTier> Tiers { get; set; } = [];

    /// <summary>The tier that takes <paramref name="severity"/> (0-4), or null.</summary>
    public AlertTier? TierOf(int severity) => Tiers.FirstOrDefault(t => t.Severities.Contains(severity));

    /// <summary>The tier named <paramref name="name"/>, or null.</summary>
    public AlertTier? Tier(string name) => Tiers.FirstOrDefault(t => t.Name == name);
}

public sealed class AlertTier
{
    /// <summary>Lowercase name (page, notify); the tier's action group is &lt;names.actionGroup&gt;-&lt;name&gt;.</summary>
    public string Name { get; set; } = "";

    /// <summary>The tier's action group, named after the environment's <c>names.actionGroup</c> (as alerting.bicep names it).</summary>
    public string ActionGroupName(ResourceNames names) => $"{names.ActionGroup}-{Name}";

    /// <summary>Azure Monitor severities (0 = critical … 4 = verbose) this tier takes; each severity belongs to one tier.</summary>
    public List<int> Severities { get; set; } = [];

    public List<string> Emails { get; set; } = [];

    public List<SmsReceiver> Sms { get; set; } = [];

    /// <summary>
    /// Name of the Key Vault secret holding the paging webhook URL (PagerDuty, Opsgenie …); empty for none. The URL is
    /// never in the repository: the deployment reads the secret with getSecret into a secure module parameter.
    /// </summary>
    public string PagingWebhookSecret { get; set; } = "";

    /// <summary>When set, the tier's notifications are suppressed daily between start and end.</summary>
    public QuietHours? QuietHours { get; set; }
}

public sealed class SmsReceiver
{
    /// <summary>Country calling code without '+', e.g. 1 or 44.</summary>
    public string CountryCode { get; set; } = "";

    /// <summary>National number, digits only.</summary>
    public string PhoneNumber { get; set; } = "";
}

public sealed class QuietHours
{
    /// <summary>HH:mm, start of the daily quiet window.</summary>
    public string Start { get; set; } = "";

    /// <summary>HH:mm, end of the window; earlier than start means it ends the next morning.</summary>
    public string End { get; set; } = "";

    /// <summary>Time zone of the window (the alert processing rule's timeZone), e.g. UTC.</summary>
    public string TimeZone { get; set; } = "UTC";
}
