<#
.SYNOPSIS
  Rotates the lake storage account key the STORAGE-ACCOUNT-KEY secret does NOT currently point at, then points the
  secret at the fresh key. Consumers keep working during rotation because the active key is never regenerated.
  Runs on the Hybrid Runbook Worker inside the VNet (the vault's firewall refuses Azure Automation's cloud sandboxes)
  as the worker VM's system-assigned identity (no Run As account, no stored credential).
#>
param(
    [Parameter(Mandatory)] [string] $VaultName,
    [Parameter(Mandatory)] [string] $StorageAccountName,
    [Parameter(Mandatory)] [string] $ResourceGroupName,
    [Parameter(Mandatory)] [string] $SecretName
)

$ErrorActionPreference = 'Stop'
Connect-AzAccount -Identity | Out-Null

$current = Get-AzKeyVaultSecret -VaultName $VaultName -Name $SecretName -ErrorAction SilentlyContinue
$activeKey = if ($current -and $current.Tags -and $current.Tags['keyName']) { $current.Tags['keyName'] } else { 'key1' }
$inactiveKey = if ($activeKey -eq 'key1') { 'key2' } else { 'key1' }

New-AzStorageAccountKey -ResourceGroupName $ResourceGroupName -Name $StorageAccountName -KeyName $inactiveKey | Out-Null
$fresh = (Get-AzStorageAccountKey -ResourceGroupName $ResourceGroupName -Name $StorageAccountName | Where-Object KeyName -eq $inactiveKey).Value

$value = ConvertTo-SecureString -String $fresh -AsPlainText -Force
Set-AzKeyVaultSecret -VaultName $VaultName -Name $SecretName -SecretValue $value -Tag @{ keyName = $inactiveKey } | Out-Null
Write-Output "Rotated $StorageAccountName $inactiveKey; $SecretName now points at it."
