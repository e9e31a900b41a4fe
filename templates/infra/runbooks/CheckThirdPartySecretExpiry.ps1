<#
.SYNOPSIS
  Third-party API keys (e.g. CLAUDE-API-KEY, OPENAI-API-KEY) cannot be minted here: only their provider can issue a
  new one. This runbook never changes a value. It gives each secret an expiry date when it has none (created +
  ExpiryDays) and writes an error record "SECRET-NEAR-EXPIRY" for each secret that expires within WarningDays; the
  phase-2 log alert on the JobStreams category turns that record into a notification.
#>
param(
    [Parameter(Mandatory)] [string] $VaultName,
    [Parameter(Mandatory)] [string] $SecretNames,
    [Parameter(Mandatory)] [int] $ExpiryDays,
    [Parameter(Mandatory)] [int] $WarningDays
)

$ErrorActionPreference = 'Stop'
Connect-AzAccount -Identity | Out-Null
$now = (Get-Date).ToUniversalTime()

foreach ($name in $SecretNames.Split(',', [StringSplitOptions]::RemoveEmptyEntries)) {
    # Listing versions returns attributes only, never the value.
    $secret = Get-AzKeyVaultSecret -VaultName $VaultName -Name $name -IncludeVersions |
        Where-Object Enabled | Sort-Object Created -Descending | Select-Object -First 1
    if (-not $secret) {
        Write-Error "SECRET-NEAR-EXPIRY name=$name missing from $VaultName; set it from the provider." -ErrorAction Continue
        continue
    }

    if (-not $secret.Expires) {
        $expires = $secret.Created.ToUniversalTime().AddDays($ExpiryDays)
        Update-AzKeyVaultSecret -VaultName $VaultName -Name $name -Version $secret.Version -Expires $expires | Out-Null
        Write-Output "$name had no expiry; set to $($expires.ToString('u'))."
    }
    else {
        $expires = $secret.Expires.ToUniversalTime()
    }

    $daysLeft = [math]::Floor(($expires - $now).TotalDays)
    if ($daysLeft -le $WarningDays) {
        Write-Error "SECRET-NEAR-EXPIRY name=$name expires=$($expires.ToString('u')) daysLeft=$daysLeft" -ErrorAction Continue
    }
}
