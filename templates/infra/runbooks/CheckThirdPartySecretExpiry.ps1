<#
.SYNOPSIS
  Third-party API keys (e.g. CLAUDE-API-KEY, OPENAI-API-KEY) cannot be minted here: only their provider can issue a
  new one. This runbook never changes a value. Each secret's expiry is declared in the environment file
  (keyRotation.thirdPartySecrets): a date (expires:yyyy-MM-dd, the provider's) or a validity period (days:N after the
  value was set). The runbook writes that expiry on the secret's current version when it differs, and writes an error
  record "SECRET-NEAR-EXPIRY" for each secret that expires within WarningDays; the phase-2 log alert on the
  JobStreams category turns that record into a notification. Runs on the Hybrid Runbook Worker inside the VNet.
#>
param(
    [Parameter(Mandatory)] [string] $VaultName,
    # name=expires:yyyy-MM-dd or name=days:N, comma-separated (generated from the environment file).
    [Parameter(Mandatory)] [string] $SecretExpiries,
    [Parameter(Mandatory)] [int] $WarningDays
)

$ErrorActionPreference = 'Stop'
Connect-AzAccount -Identity | Out-Null
$now = (Get-Date).ToUniversalTime()

foreach ($entry in $SecretExpiries.Split(',', [StringSplitOptions]::RemoveEmptyEntries)) {
    $name, $declared = $entry.Split('=', 2)
    $kind, $value = $declared.Split(':', 2)
    # Listing versions returns attributes only, never the value.
    $secret = Get-AzKeyVaultSecret -VaultName $VaultName -Name $name -IncludeVersions |
        Where-Object Enabled | Sort-Object Created -Descending | Select-Object -First 1
    if (-not $secret) {
        Write-Error "SECRET-NEAR-EXPIRY name=$name missing from $VaultName; set it from the provider." -ErrorAction Continue
        continue
    }

    $expires = switch ($kind) {
        'expires' { [DateTime]::ParseExact($value, 'yyyy-MM-dd', [Globalization.CultureInfo]::InvariantCulture, 'AssumeUniversal,AdjustToUniversal') }
        'days' { $secret.Created.ToUniversalTime().AddDays([int]$value) }
        default { throw "Secret $name has no declared expiry ('$declared'); declare expiresOn or rotationDays in keyRotation.thirdPartySecrets." }
    }

    if (-not $secret.Expires -or $secret.Expires.ToUniversalTime() -ne $expires) {
        Update-AzKeyVaultSecret -VaultName $VaultName -Name $name -Version $secret.Version -Expires $expires | Out-Null
        Write-Output "$name expiry set to the declared $($expires.ToString('u'))."
    }

    $daysLeft = [math]::Floor(($expires - $now).TotalDays)
    if ($daysLeft -le $WarningDays) {
        Write-Error "SECRET-NEAR-EXPIRY name=$name expires=$($expires.ToString('u')) daysLeft=$daysLeft" -ErrorAction Continue
    }
}
