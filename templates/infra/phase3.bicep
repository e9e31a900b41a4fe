metadata name = 'Phase 3: disaster recovery and governance'
metadata description = 'The secondary storage account for Delta backups, CanNotDelete locks on stateful resources where the environment asks, and the key-rotation job schedules (linked once the runbooks are published).'

import { resourceNamesType, ownershipType, storageType, keyRotationType, lakeLayoutType } from 'types.bicep'
import { subnetNames, privateEndpointName, lockName, accessConnectorName, builtInRoleIds, rotationWorkerName } from 'naming.bicep'

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

var subnets = subnetNames(names.virtualNetwork)

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

resource accessConnector 'Microsoft.Databricks/accessConnectors@2026-01-01' existing = {
  name: accessConnectorName(names.databricksWorkspace)
}

resource automation 'Microsoft.Automation/automationAccounts@2024-10-23' existing = {
  name: names.automationAccount
}

resource vnet 'Microsoft.Network/virtualNetworks@2025-01-01' existing = {
  name: names.virtualNetwork

  resource hostSubnet 'subnets' existing = {
    name: subnets.databricksHost
  }

  resource containerSubnet 'subnets' existing = {
    name: subnets.databricksContainer
  }

  resource privateEndpointSubnet 'subnets' existing = {
    name: subnets.privateEndpoints
  }
}

// The storage privatelink zones phase 2 created for the lake.
var backupPrivateLinks = [
  {
    groupId: 'blob'
    zone: 'privatelink.blob.${environment().suffixes.storage}'
  }
  {
    groupId: 'dfs'
    zone: 'privatelink.dfs.${environment().suffixes.storage}'
  }
]

resource backupZones 'Microsoft.Network/privateDnsZones@2024-06-01' existing = [
  for link in backupPrivateLinks: {
    name: link.zone
  }
]

// Delta backups (DEEP CLONE / copy jobs) land here; same firewall, TLS and soft-delete rules as the lake.
module backup 'modules/storage-account.bicep' = if (storage.backupAccount) {
  name: 'phase3-backup-storage-account'
  params: {
    name: names.backupStorageAccount
    location: location
    skuName: storage.sku
    containers: [lakeLayout.backupContainer]
    softDeleteDays: storage.softDeleteDays
    allowedSubnetResourceIds: [
      vnet::hostSubnet.id
      vnet::containerSubnet.id
    ]
    allowedIpRanges: allowedIpRanges
    resourceAccessResourceIds: [
      accessConnector.id
    ]
    diagnosticSettings: [
      {
        workspaceResourceId: logAnalytics.id
      }
    ]
    tags: tags
  }
}

// The backup account is reached privately like the lake: blob and dfs endpoints in the phase-2 privatelink zones.
module backupEndpoints 'modules/private-endpoint.bicep' = [
  for (link, i) in backupPrivateLinks: if (storage.backupAccount) {
    name: 'phase3-pe-backup-${link.groupId}'
    params: {
      name: privateEndpointName(names.backupStorageAccount, link.groupId)
      location: location
      subnetResourceId: vnet::privateEndpointSubnet.id
      targetResourceId: backup!.outputs.resourceId
      groupId: link.groupId
      privateDnsZoneResourceId: backupZones[i].id
      tags: tags
    }
  }
]

// Every CanNotDelete lock is declared in this phase (the modules have none), named by lockName(). The scope of a lock
// must be a resource symbol, so Bicep cannot loop one lock declaration over resources of different types.
var lockNotes = 'Stateful platform resource; remove the lock deliberately before deleting.'

resource lakeLock 'Microsoft.Authorization/locks@2020-05-01' = if (storage.resourceLocks && ownership.storageAccount) {
  name: lockName(names.storageAccount)
  scope: lake
  properties: {
    level: 'CanNotDelete'
    notes: lockNotes
  }
}

resource vaultLock 'Microsoft.Authorization/locks@2020-05-01' = if (storage.resourceLocks && ownership.keyVault) {
  name: lockName(names.keyVault)
  scope: vault
  properties: {
    level: 'CanNotDelete'
    notes: lockNotes
  }
}

resource databricksLock 'Microsoft.Authorization/locks@2020-05-01' = if (storage.resourceLocks && ownership.databricksWorkspace) {
  name: lockName(names.databricksWorkspace)
  scope: databricks
  properties: {
    level: 'CanNotDelete'
    notes: lockNotes
  }
}

resource accessConnectorLock 'Microsoft.Authorization/locks@2020-05-01' = if (storage.resourceLocks) {
  name: lockName(accessConnector.name)
  scope: accessConnector
  properties: {
    level: 'CanNotDelete'
    notes: lockNotes
  }
}

resource logAnalyticsLock 'Microsoft.Authorization/locks@2020-05-01' = if (storage.resourceLocks) {
  name: lockName(names.logAnalyticsWorkspace)
  scope: logAnalytics
  properties: {
    level: 'CanNotDelete'
    notes: lockNotes
  }
}

// Job schedules bind a published runbook to its schedule; the names are fixed by phase 2. A stable GUID per pair
// keeps redeployments idempotent. runOn: the phase-2 Hybrid Runbook Worker group inside the VNet, the only place the
// firewalled vault answers the runbooks (Azure Automation is not one of its trusted services).
resource rotateJob 'Microsoft.Automation/automationAccounts/jobSchedules@2024-10-23' = {
  parent: automation
  name: guid(automation.id, 'RotateStorageAccountKeys')
  properties: {
    runOn: rotationWorkerName(names.automationAccount)
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
    runOn: rotationWorkerName(names.automationAccount)
    runbook: {
      name: 'CheckThirdPartySecretExpiry'
    }
    schedule: {
      name: 'CheckSecretExpiryDaily'
    }
    parameters: {
      VaultName: names.keyVault
      // name=expires:yyyy-MM-dd or name=days:N per secret: the declared expiry, never an invented one.
      SecretExpiries: join(map(keyRotation.thirdPartySecrets, secret => empty(secret.expiresOn) ? '${secret.name}=days:${secret.rotationDays}' : '${secret.name}=expires:${secret.expiresOn}'), ',')
      WarningDays: string(keyRotation.nearExpiryWarningDays)
    }
  }
}

resource backupAccount 'Microsoft.Storage/storageAccounts@2025-01-01' existing = {
  name: names.backupStorageAccount
}

// Storage Blob Data Contributor for the phase-1 access connector: Unity Catalog writes the Delta backups as it.
resource backupDataRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (storage.backupAccount) {
  name: guid(backupAccount.id, accessConnector.id, builtInRoleIds.storageBlobDataContributor)
  scope: backupAccount
  properties: {
    principalId: accessConnector.identity.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', builtInRoleIds.storageBlobDataContributor)
    description: 'Unity Catalog writes Delta backups to ${names.backupStorageAccount} through ${accessConnector.name}.'
  }
  dependsOn: [
    backup
  ]
}

// The lock on what this phase creates waits for it (the locks above are on what earlier phases created).
resource backupLock 'Microsoft.Authorization/locks@2020-05-01' = if (storage.resourceLocks && storage.backupAccount) {
  name: lockName(backupAccount.name)
  scope: backupAccount
  properties: {
    level: 'CanNotDelete'
    notes: 'Holds the lakehouse data; remove the lock deliberately before deleting.'
  }
  dependsOn: [
    backup
  ]
}

@description('Backup storage account resource id, or empty when the environment has none.')
output backupStorageAccountResourceId string = storage.backupAccount ? backup!.outputs.resourceId : ''

@description('Job schedule resource ids.')
output jobScheduleResourceIds string[] = [
  rotateJob.id
  expiryJob.id
]
