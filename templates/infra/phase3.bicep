metadata name = 'Phase 3: disaster recovery and governance'
metadata description = 'The secondary storage account for Delta backups, CanNotDelete locks on stateful resources where the environment asks, and the key-rotation job schedules (linked once the runbooks are published).'

import { resourceNamesType, ownershipType, storageType, keyRotationType, lakeLayoutType } from 'types.bicep'

@description('Optional. Location of every resource; defaults to the resource group location.')
param location string = resourceGroup().location

@description('Required. Resource names from the environment file.')
param names resourceNamesType

@description('Required. Which platform resources the toolkit owns.')
param ownership ownershipType

@description('Required. Storage settings.')
param storage storageType

@description('Required. Key rotation settings.')
param keyRotation keyRotationType

@description('Required. Tags for every resource.')
param tags object

@description('Required. The lake container layout, from templates/lakehouse.yaml.')
param lakeLayout lakeLayoutType

@description('Optional. Public IP ranges allowed through the backup account firewall.')
param allowedIpRanges string[] = []

var databricksSubnetIds = [
  resourceId('Microsoft.Network/virtualNetworks/subnets', names.virtualNetwork, '${names.virtualNetwork}-databricks-host')
  resourceId('Microsoft.Network/virtualNetworks/subnets', names.virtualNetwork, '${names.virtualNetwork}-databricks-container')
]

resource logAnalytics 'Microsoft.OperationalInsights/workspaces@2025-02-01' existing = {
  name: names.logAnalyticsWorkspace
}

resource lake 'Microsoft.Storage/storageAccounts@2025-01-01' existing = {
  name: names.storageAccount
}

resource vault 'Microsoft.KeyVault/vaults@2025-05-01' existing = {
  name: names.keyVault
}

resource databricks 'Microsoft.Databricks/workspaces@2026-01-01' existing = {
  name: names.databricksWorkspace
}

resource automation 'Microsoft.Automation/automationAccounts@2024-10-23' existing = {
  name: names.automationAccount
}

// Delta backups (DEEP CLONE / copy jobs) land here; same firewall, TLS and soft-delete rules as the lake.
module backup 'modules/storage-account.bicep' = if (storage.backupAccount) {
  name: 'phase3-backup-storage-account'
  params: {
    name: names.backupStorageAccount
    location: location
    skuName: storage.sku
    containers: [lakeLayout.backupContainer]
    softDeleteDays: storage.softDeleteDays
    allowedSubnetResourceIds: databricksSubnetIds
    allowedIpRanges: allowedIpRanges
    diagnosticSettings: [
      {
        workspaceResourceId: logAnalytics.id
      }
    ]
    lock: {
      kind: storage.resourceLocks ? 'CanNotDelete' : 'None'
    }
    tags: tags
  }
}

var privateEndpointSubnetId = resourceId('Microsoft.Network/virtualNetworks/subnets', names.virtualNetwork, '${names.virtualNetwork}-private-endpoints')

// The backup account is reached privately like the lake: blob and dfs endpoints in the phase-2 privatelink zones.
module backupBlobEndpoint 'modules/private-endpoint.bicep' = if (storage.backupAccount) {
  name: 'phase3-pe-backup-blob'
  params: {
    name: '${names.backupStorageAccount}-blob-pe'
    location: location
    subnetResourceId: privateEndpointSubnetId
    targetResourceId: backup!.outputs.resourceId
    groupId: 'blob'
    privateDnsZoneResourceId: resourceId('Microsoft.Network/privateDnsZones', 'privatelink.blob.${environment().suffixes.storage}')
    tags: tags
  }
}

module backupDfsEndpoint 'modules/private-endpoint.bicep' = if (storage.backupAccount) {
  name: 'phase3-pe-backup-dfs'
  params: {
    name: '${names.backupStorageAccount}-dfs-pe'
    location: location
    subnetResourceId: privateEndpointSubnetId
    targetResourceId: backup!.outputs.resourceId
    groupId: 'dfs'
    privateDnsZoneResourceId: resourceId('Microsoft.Network/privateDnsZones', 'privatelink.dfs.${environment().suffixes.storage}')
    tags: tags
  }
}

var lockNotes = 'Stateful platform resource; remove the lock deliberately before deleting.'

resource lakeLock 'Microsoft.Authorization/locks@2020-05-01' = if (storage.resourceLocks && ownership.storageAccount) {
  name: 'lock-${names.storageAccount}'
  scope: lake
  properties: {
    level: 'CanNotDelete'
    notes: lockNotes
  }
}

resource vaultLock 'Microsoft.Authorization/locks@2020-05-01' = if (storage.resourceLocks && ownership.keyVault) {
  name: 'lock-${names.keyVault}'
  scope: vault
  properties: {
    level: 'CanNotDelete'
    notes: lockNotes
  }
}

resource databricksLock 'Microsoft.Authorization/locks@2020-05-01' = if (storage.resourceLocks && ownership.databricksWorkspace) {
  name: 'lock-${names.databricksWorkspace}'
  scope: databricks
  properties: {
    level: 'CanNotDelete'
    notes: lockNotes
  }
}

resource logAnalyticsLock 'Microsoft.Authorization/locks@2020-05-01' = if (storage.resourceLocks) {
  name: 'lock-${names.logAnalyticsWorkspace}'
  scope: logAnalytics
  properties: {
    level: 'CanNotDelete'
    notes: lockNotes
  }
}

// Job schedules bind a published runbook to its schedule; the names are fixed by phase 2. A stable GUID per pair
// keeps redeployments idempotent.
resource rotateJob 'Microsoft.Automation/automationAccounts/jobSchedules@2024-10-23' = {
  parent: automation
  name: guid(automation.id, 'RotateStorageAccountKeys')
  properties: {
    runbook: {
      name: 'RotateStorageAccountKeys'
    }
    schedule: {
      name: 'RotateStorageKeysEvery${keyRotation.intervalDays}Days'
    }
    parameters: {
      VaultName: names.keyVault
      StorageAccountName: names.storageAccount
      ResourceGroupName: resourceGroup().name
      SecretName: 'STORAGE-ACCOUNT-KEY'
    }
  }
}

resource expiryJob 'Microsoft.Automation/automationAccounts/jobSchedules@2024-10-23' = {
  parent: automation
  name: guid(automation.id, 'CheckThirdPartySecretExpiry')
  properties: {
    runbook: {
      name: 'CheckThirdPartySecretExpiry'
    }
    schedule: {
      name: 'CheckSecretExpiryDaily'
    }
    parameters: {
      VaultName: names.keyVault
      SecretNames: join(keyRotation.thirdPartySecrets, ',')
      ExpiryDays: string(keyRotation.secretExpiryDays)
      WarningDays: string(keyRotation.nearExpiryWarningDays)
    }
  }
}

@description('Backup storage account resource id, or empty when the environment has none.')
output backupStorageAccountResourceId string = storage.backupAccount ? backup!.outputs.resourceId : ''

@description('Job schedule resource ids.')
output jobScheduleResourceIds string[] = [
  rotateJob.id
  expiryJob.id
]
