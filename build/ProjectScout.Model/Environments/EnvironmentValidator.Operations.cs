using System.Globalization;
using System.Text.RegularExpressions;

namespace ProjectScout.Model.Environments;

/// <summary>The operations sections: severity tiers (alerting), workload classes (workload) and the rotation's secrets and worker.</summary>
internal sealed partial class EnvironmentValidator
{
    private void Alerting()
    {
        var tiers = env.Alerting.Tiers;
        if (tiers.Count == 0)
        {
            Add("alerting", "env.required", "alerting.tiers is required: declare at least one severity tier (name, severities, receivers).");
            return;
        }

        var owner = new Dictionary<int, string>();
        for (var i = 0; i < tiers.Count; i++)
        {
            var tier = tiers[i];
            var path = $"alerting.tiers[{i}]";
            if (Required(path + ".name", tier.Name) && !TierNameRegex().IsMatch(tier.Name))
            {
                Add(path + ".name", "env.alert-tier", $"'{tier.Name}' is not a tier name: use lowercase letters and digits (at most 12), e.g. page or notify.");
            }
            else if (tiers.Take(i).Any(t => t.Name == tier.Name))
            {
                Add(path + ".name", "env.alert-tier", $"tier '{tier.Name}' is declared twice; give each tier its own name.");
            }

            if (tier.Severities.Count == 0)
            {
                Add(path, "env.alert-tier", $"tier '{tier.Name}' takes no severity; list the Azure Monitor severities (0-4) it takes under severities.");
            }

            foreach (var severity in tier.Severities)
            {
                if (severity is < 0 or > 4)
                {
                    Add(path + ".severities", "env.alert-severity", $"severity {severity} does not exist; Azure Monitor severities are 0 (critical) to 4 (verbose).");
                }
                else if (!owner.TryAdd(severity, tier.Name))
                {
                    Add(path + ".severities", "env.alert-severity", $"severity {severity} is taken by tier '{owner[severity]}' and '{tier.Name}'; each severity goes to one tier.");
                }
            }

            Emails(path + ".emails", tier.Emails, required: false);
            for (var s = 0; s < tier.Sms.Count; s++)
            {
                var sms = tier.Sms[s];
                if (!CountryCodeRegex().IsMatch(sms.CountryCode) || !PhoneRegex().IsMatch(sms.PhoneNumber))
                {
                    Add($"{path}.sms[{s}]", "env.sms", $"'+{sms.CountryCode} {sms.PhoneNumber}' is not an SMS receiver: countryCode is 1-3 digits without '+', phoneNumber 4-15 digits.");
                }
            }

            if (tier.Sms.Count > 10)
            {
                Add(path + ".sms", "env.sms", "an action group takes at most 10 SMS receivers.");
            }

            if (tier.PagingWebhookSecret.Length > 0)
            {
                Check(path + ".pagingWebhookSecret", "env.secret-name", AzureNaming.KeyVaultSecret(tier.PagingWebhookSecret));
                if (tier.PagingWebhookSecret.Contains("://", StringComparison.Ordinal))
                {
                    Add(path + ".pagingWebhookSecret", "env.secret-name", "give the name of the Key Vault secret that holds the webhook URL, never the URL itself.");
                }
            }

            if (tier.Emails.Count == 0 && tier.Sms.Count == 0 && tier.PagingWebhookSecret.Length == 0)
            {
                Add(path, "env.alert-tier", $"tier '{tier.Name}' has no receiver; give it emails, sms or a pagingWebhookSecret.");
            }

            if (tier.QuietHours is { } quiet)
            {
                foreach (var (key, value) in new[] { ("start", quiet.Start), ("end", quiet.End) })
                {
                    if (!DateTime.TryParseExact(value, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
                    {
                        Add($"{path}.quietHours.{key}", "env.quiet-hours", $"'{value}' is not a time of day; use HH:mm, e.g. 22:00.");
                    }
                }

                if (quiet.Start == quiet.End)
                {
                    Add(path + ".quietHours", "env.quiet-hours", "quiet hours start and end at the same time; give a window or remove quietHours.");
                }

                try
                {
                    TimeZoneInfo.FindSystemTimeZoneById(quiet.TimeZone);
                }
                catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
                {
                    Add(path + ".quietHours.timeZone", "env.timezone", $"'{quiet.TimeZone}' is not a time-zone id; use UTC or a Windows time-zone name such as W. Europe Standard Time.");
                }
            }
        }

        if (env.IsProduction && tiers.Count < 2)
        {
            Add("alerting.tiers", "env.alert-tier", "production escalates: declare at least two tiers (e.g. page for severities 0-1, notify for 2-4).");
        }
    }

    private void Workload()
    {
        var workload = env.Workload;
        if (workload.Classes.Count == 0)
        {
            Add("workload", "env.required", "workload.classes is required: declare the workload classes (critical, standard) the job templates name.");
            return;
        }

        foreach (var (key, cls) in workload.Classes)
        {
            var path = "workload.classes." + key;
            if (!TierNameRegex().IsMatch(key))
            {
                Add(path, "env.workload-class", $"'{key}' is not a class name: use lowercase letters and digits, e.g. critical or standard.");
            }

            if (Required(path + ".alertTier", cls.AlertTier) && env.Alerting.Tier(cls.AlertTier) is null)
            {
                Add(path + ".alertTier", "env.workload-tier", $"'{cls.AlertTier}' is not a tier of alerting.tiers; use one of {string.Join(", ", env.Alerting.Tiers.Select(t => t.Name))}.");
            }

            Range(path + ".timeoutSeconds", cls.TimeoutSeconds, 60, 172800, "the job-level timeout; 0 would mean none");
            Range(path + ".durationWarningSeconds", cls.DurationWarningSeconds, 60, Math.Max(60, cls.TimeoutSeconds - 1), "the run-duration health rule fires before the timeout");
            if (cls.MaxConcurrentRuns is < 1 or > 1000)
            {
                Add(path + ".maxConcurrentRuns", "env.range", $"maxConcurrentRuns is {cls.MaxConcurrentRuns}; it must be between 1 and 1000.");
            }

            if (!WorkloadClass.Availabilities.Contains(cls.Availability))
            {
                Add(path + ".availability", "env.workload-availability", $"'{cls.Availability}' is not an availability; use {string.Join(" or ", WorkloadClass.Availabilities)}.");
            }

            if (cls.SpotBidMaxPrice is not -1 and <= 0)
            {
                Add(path + ".spotBidMaxPrice", "env.range", "spotBidMaxPrice is -1 (up to the on-demand price) or a positive price.");
            }

            if (cls.Critical)
            {
                if (cls.Availability != WorkloadClass.OnDemand || !cls.Queue || cls.MaxConcurrentRuns != 1 || cls.MaxWorkers != 0 || cls.ClusterProfiles.Count > 0)
                {
                    Add(path, "env.workload-critical", $"a critical class runs on demand, queued, one run at a time, on its profiles' own policies: set availability {WorkloadClass.OnDemand}, queue true, maxConcurrentRuns 1, and no maxWorkers or clusterProfiles.");
                }

                continue;
            }

            if (cls.ClusterProfiles.Count == 0)
            {
                Add(path + ".clusterProfiles", "env.required", "a non-critical class names the cluster profiles its jobs run on (each gets its own policy).");
            }

            foreach (var profile in cls.ClusterProfiles)
            {
                if (clusterProfiles is not null && !clusterProfiles.Contains(profile))
                {
                    Add(path + ".clusterProfiles", "env.cluster-unknown", $"'{profile}' is not a cluster profile declared in templates/lakehouse.yaml.");
                }
                else if (cls.MaxWorkers > 0 && env.Databricks.Clusters.TryGetValue(profile, out var size) && (cls.MaxWorkers <= size.MinWorkers || cls.MaxWorkers > size.MaxWorkers))
                {
                    Add(path + ".maxWorkers", "env.workload-ceiling", $"maxWorkers {cls.MaxWorkers} must be above {profile}'s minWorkers ({size.MinWorkers}) and at most its maxWorkers ({size.MaxWorkers}): a lower ceiling, not a higher one.");
                }
            }
        }

        if (!workload.Classes.Values.Any(c => c.Critical))
        {
            Add("workload.classes", "env.workload-critical", "declare one critical class (the daily medallion's).");
        }
    }

    private void ThirdPartySecrets()
    {
        var secrets = env.KeyRotation.ThirdPartySecrets;
        for (var i = 0; i < secrets.Count; i++)
        {
            var secret = secrets[i];
            var path = $"keyRotation.thirdPartySecrets[{i}]";
            if (Required(path + ".name", secret.Name))
            {
                Check(path + ".name", "env.secret-name", AzureNaming.KeyVaultSecret(secret.Name));
            }

            var hasDate = secret.ExpiresOn.Length > 0;
            if (hasDate == secret.RotationDays > 0)
            {
                Add(path, "env.secret-expiry", $"secret '{secret.Name}' needs exactly one of expiresOn (yyyy-MM-dd, the provider's expiry) or rotationDays (days a value is valid): its expiry is declared, never guessed.");
            }
            else if (hasDate && !DateOnly.TryParseExact(secret.ExpiresOn, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
            {
                Add(path + ".expiresOn", "env.secret-expiry", $"'{secret.ExpiresOn}' is not a date; use yyyy-MM-dd.");
            }
            else if (secret.RotationDays is < 0 or > 3650)
            {
                Add(path + ".rotationDays", "env.range", $"rotationDays is {secret.RotationDays}; it must be between 1 and 3650.");
            }
        }
    }

    private void RotationWorker()
    {
        var worker = env.KeyRotation.Worker;
        if (Required("keyRotation.worker.vmSize", worker.VmSize) && !NodeTypeRegex().IsMatch(worker.VmSize))
        {
            Add("keyRotation.worker.vmSize", "env.node-type", $"'{worker.VmSize}' is not an Azure VM size such as Standard_B2s.");
        }

        if (Required("keyRotation.worker.adminUsername", worker.AdminUsername) && !AdminUserRegex().IsMatch(worker.AdminUsername))
        {
            Add("keyRotation.worker.adminUsername", "env.admin-user", $"'{worker.AdminUsername}' is not a Linux user name (lowercase letters, digits, '-', '_', at most 32; not root or admin).");
        }

        if (Required("keyRotation.worker.sshPublicKey", worker.SshPublicKey) && !SshKeyRegex().IsMatch(worker.SshPublicKey))
        {
            Add("keyRotation.worker.sshPublicKey", "env.ssh-key", "not an OpenSSH public key (ssh-rsa or ssh-ed25519 followed by base64); paste the .pub file's content.");
        }
    }

    [GeneratedRegex("^[a-z][a-z0-9]{1,11}$")]
    private static partial Regex TierNameRegex();

    [GeneratedRegex("^[0-9]{1,3}$")]
    private static partial Regex CountryCodeRegex();

    [GeneratedRegex("^[0-9]{4,15}$")]
    private static partial Regex PhoneRegex();

    [GeneratedRegex("^(?!root$|admin$)[a-z_][a-z0-9_-]{0,31}$")]
    private static partial Regex AdminUserRegex();

    [GeneratedRegex(@"^(ssh-rsa|ssh-ed25519) [A-Za-z0-9+/]+={0,3}( .*)?$")]
    private static partial Regex SshKeyRegex();
}
