metadata name = 'Phase 2: storage lifecycle, private networking, key rotation'
metadata description = 'Delta-safe lifecycle and inventory, soft delete (set in phase 1 with the account), the storage dashboard, private endpoints with privatelink DNS, the severity tiers (action groups and alert processing rules), and the key-rotation automation on a Hybrid Runbook Worker inside the VNet with its RBAC and alerts.'

import { resourceNamesType, ownershipType, storageType, keyRotationType, lakeLayoutType, alertingType } from 'types.bicep'
import { subnetNames, privateEndpointName, rotationWorkerName, builtInRoleIds } from 'naming.bicep'

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

@description('Required. Severity tiers: one action group each, alert processing rules by severity.')
param alerting alertingType

@description('Optional. Day the schedules are computed from (yyyy-MM-dd); utcNow() at deployment time by default. Schedules start at 03:00 UTC the next day.')
param scheduleBaseDate string = utcNow('yyyy-MM-dd')

@description('Required. Tags for every resource.')
param tags object

@description('Required. The lake container layout, from templates/lakehouse.yaml.')
param lakeLayout lakeLayoutType
var firstRunTime = dateTimeAdd('${scheduleBaseDate}T03:00:00Z', 'P1D')

resource logAnalytics 'Microsoft.OperationalInsights/workspaces@2025-02-01' existing = {
  name: names.logAnalyticsWorkspace
}

resource vnet 'Microsoft.Network/virtualNetworks@2025-01-01' existing = {
  name: names.virtualNetwork

  resource privateEndpointSubnet 'subnets' existing = {
    name: subnetNames(names.virtualNetwork).privateEndpoints
  }
}

resource lake 'Microsoft.Storage/storageAccounts@2025-01-01' existing = {
  name: names.storageAccount
}

resource vault 'Microsoft.KeyVault/vaults@2025-05-01' existing = {
  name: names.keyVault
}

var diagnostics = [
  {
    workspaceResourceId: logAnalytics.id
  }
]

// Lifecycle rules change the account's data handling: only for an account the toolkit owns.
module lifecycle 'modules/storage-lifecycle.bicep' = if (ownership.storageAccount) {
  name: 'phase2-storage-lifecycle'
  params: {
    storageAccountName: lake.name
    rawPrefixes: storage.rawPrefixes
    rawCoolAfterDays: storage.rawCoolAfterDays
    logRetentionDays: storage.logRetentionDays
    dataQualityRetentionDays: storage.dataQualityRetentionDays
    inventoryRetentionDays: storage.inventoryRetentionDays
    snapshotRetentionDays: storage.snapshotRetentionDays
    tableContainers: lakeLayout.deltaTableContainers
    inventoryContainer: lakeLayout.inventoryContainer
  }
}

// One private endpoint per sub-resource, registered in that sub-resource's privatelink zone.
var privateLinks = [
  {
    groupId: 'blob'
    zone: 'privatelink.blob.${environment().suffixes.storage}'
    targetName: lake.name
    targetResourceId: lake.id
  }
  {
    groupId: 'dfs'
    zone: 'privatelink.dfs.${environment().suffixes.storage}'
    targetName: lake.name
    targetResourceId: lake.id
  }
  {
    groupId: 'vault'
    // The vault zone is not derivable from environment().suffixes (keyvaultDns is vault.azure.net, the zone is vaultcore).
    zone: 'privatelink.vaultcore.azure.net'
    targetName: vault.name
    targetResourceId: vault.id
  }
]

module zones 'modules/private-dns-zone.bicep' = [
  for link in privateLinks: {
    name: 'phase2-dns-${link.groupId}'
    params: {
      name: link.zone
      virtualNetworkResourceId: vnet.id
      tags: tags
    }
  }
]

module endpoints 'modules/private-endpoint.bicep' = [
  for (link, i) in privateLinks: {
    name: 'phase2-pe-${link.groupId}'
    params: {
      name: privateEndpointName(link.targetName, link.groupId)
      location: location
      subnetResourceId: vnet::privateEndpointSubnet.id
      targetResourceId: link.targetResourceId
      groupId: link.groupId
      privateDnsZoneResourceId: zones[i].outputs.resourceId
      tags: tags
    }
  }
]

module rotation 'modules/automation-account.bicep' = {
  name: 'phase2-key-rotation'
  params: {
    name: names.automationAccount
    location: location
    runbooks: [
      {
        name: 'RotateStorageAccountKeys'
        description: 'Regenerates the inactive storage account key, then points the STORAGE-ACCOUNT-KEY secret at it.'
      }
      {
        name: 'CheckThirdPartySecretExpiry'
        description: 'Gives third-party API keys an expiry date when they have none and reports those close to expiry. Never changes a value.'
      }
    ]
    schedules: [
      {
        name: 'RotateStorageKeysEvery${keyRotation.intervalDays}Days'
        description: 'Runs RotateStorageAccountKeys.'
        startTime: firstRunTime
        intervalDays: keyRotation.intervalDays
      }
      {
        name: 'CheckSecretExpiryDaily'
        description: 'Runs CheckThirdPartySecretExpiry.'
        startTime: firstRunTime
        intervalDays: 1
      }
    ]
    diagnosticSettings: diagnostics
    tags: tags
  }
}

// The rotation runs inside the network boundary: Azure Automation's cloud sandboxes are not a trusted service of the
// vault firewall (403), so the runbooks run on a Hybrid Runbook Worker VM in the private-endpoint subnet and sign in as
// the VM's identity, which holds the roles the rotation needs (docs/infrastructure.md).
module rotationWorker 'modules/rotation-worker.bicep' = {
  name: 'phase2-rotation-worker'
  params: {
    name: rotationWorkerName(names.automationAccount)
    location: location
    automationAccountName: rotation.outputs.name
    subnetResourceId: vnet::privateEndpointSubnet.id
    vmSize: keyRotation.worker.vmSize
    adminUsername: keyRotation.worker.adminUsername
    sshPublicKey: keyRotation.worker.sshPublicKey
    tags: tags
  }
}

// Key Vault Secrets Officer: read and set secret values and attributes (RBAC vault; access policies do not apply).
resource rotationSecretsOfficer 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, rotationWorkerName(names.automationAccount), builtInRoleIds.keyVaultSecretsOfficer)
  scope: vault
  properties: {
    principalId: rotationWorker.outputs.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', builtInRoleIds.keyVaultSecretsOfficer)
    description: 'Key rotation runbooks on the hybrid worker update secrets in ${names.keyVault}.'
  }
}

// Storage Account Key Operator Service Role: list and regenerate keys, nothing else.
resource rotationKeyOperator 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (ownership.storageAccount) {
  name: guid(lake.id, rotationWorkerName(names.automationAccount), builtInRoleIds.storageAccountKeyOperator)
  scope: lake
  properties: {
    principalId: rotationWorker.outputs.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', builtInRoleIds.storageAccountKeyOperator)
    description: 'RotateStorageAccountKeys on the hybrid worker regenerates keys of ${names.storageAccount}.'
  }
}

// The severity tiers live in this phase: the paging webhook URL is a secret of the vault phase 1 created (set it
// between the phases), read with getSecret; enabledForTemplateDeployment lets Resource Manager read it.
module tiers 'modules/alerting.bicep' = {
  name: 'phase2-alerting'
  params: {
    actionGroup: names.actionGroup
    keyVaultName: vault.name
    alerting: alerting
    tags: tags
  }
}

var automationEvents = 'AzureDiagnostics | where ResourceProvider == "MICROSOFT.AUTOMATION" and Resource =~ "${names.automationAccount}"'

module nearExpiryAlert 'modules/scheduled-query-rule.bicep' = {
  name: 'phase2-alert-secret-near-expiry'
  params: {
    name: '${names.keyVault}-secret-near-expiry-alert'
    location: location
    alertDescription: 'A third-party API key (${join(map(keyRotation.thirdPartySecrets, secret => secret.name), ', ')}) expires within ${keyRotation.nearExpiryWarningDays} days. Get a new key from the provider and set it in ${names.keyVault}.'
    workspaceResourceId: logAnalytics.id
    query: '${automationEvents} and Category == "JobStreams" and StreamType_s == "Error" and ResultDescription has "SECRET-NEAR-EXPIRY" | project TimeGenerated, RunbookName_s, ResultDescription'
    threshold: 0
    severity: 2
    evaluationFrequency: 'PT1H'
    windowSize: 'P1D'
    autoMitigate: false
    tags: tags
  }
}

module rotationFailureAlert 'modules/scheduled-query-rule.bicep' = {
  name: 'phase2-alert-rotation-failure'
  params: {
    name: '${names.automationAccount}-runbook-failure-alert'
    location: location
    alertDescription: 'A key-rotation runbook job failed or was suspended in ${names.automationAccount}.'
    workspaceResourceId: logAnalytics.id
    query: '${automationEvents} and Category == "JobLogs" and ResultType in ("Failed", "Suspended", "Stopped") | project TimeGenerated, RunbookName_s, ResultType, JobId_g'
    threshold: 0
    severity: 2
    evaluationFrequency: 'PT15M'
    windowSize: 'PT1H'
    autoMitigate: false
    tags: tags
  }
}

var blobServiceId = '${lake.id}/blobServices/default'

func metricTile(title string, resourceId string, namespace string, metrics string[], aggregation int, splitBy string) object => {
  type: 'Extension/HubsExtension/PartType/MonitorChartPart'
  inputs: [
    {
      name: 'options'
      isOptional: true
      value: {
        chart: {
          title: title
          titleKind: 2
          metrics: map(metrics, metric => {
            resourceMetadata: { id: resourceId }
            name: metric
            namespace: namespace
            aggregationType: aggregation
            metricVisualization: { displayName: metric }
          })
          grouping: empty(splitBy) ? null : { dimension: splitBy, sort: 2, top: 10 }
          visualization: { chartType: 2 }
        }
      }
    }
  ]
}

module storageDashboard 'modules/dashboard.bicep' = {
  name: 'phase2-storage-dashboard'
  params: {
    name: names.storageDashboard
    location: location
    title: 'Juicer Storage Lifecycle Management'
    tiles: [
      {
        x: 0
        y: 0
        colSpan: 6
        rowSpan: 4
        metadata: metricTile('Blob capacity by access tier', blobServiceId, 'microsoft.storage/storageaccounts/blobservices', ['BlobCapacity'], 4, 'Tier')
      }
      {
        x: 6
        y: 0
        colSpan: 6
        rowSpan: 4
        metadata: {
          type: 'Extension/Microsoft_OperationsManagementSuite_Workspace/PartType/LogsDashboardPart'
          inputs: [
            { name: 'resourceTypeMode', isOptional: true, value: 'workspace' }
            { name: 'ComponentId', isOptional: true, value: logAnalytics.id }
            { name: 'Scope', isOptional: true, value: { resourceIds: [logAnalytics.id] } }
            {
              name: 'Query'
              isOptional: true
              // Storage metrics have no container dimension; the blob logs name the container in ObjectKey (/account/container/path).
              value: 'StorageBlobLogs | where AccountName == "${names.storageAccount}" | extend Container = tostring(split(ObjectKey, "/")[2]) | summarize Transactions = count() by bin(TimeGenerated, 1h), Container | render columnchart'
            }
            { name: 'TimeRange', isOptional: true, value: 'P1D' }
            { name: 'PartTitle', isOptional: true, value: 'Transactions by container' }
          ]
        }
      }
      {
        x: 0
        y: 4
        colSpan: 6
        rowSpan: 4
        metadata: metricTile('Transactions by API', lake.id, 'microsoft.storage/storageaccounts', ['Transactions'], 1, 'ApiName')
      }
      {
        x: 6
        y: 4
        colSpan: 6
        rowSpan: 4
        metadata: metricTile('Storage latency (ms)', lake.id, 'microsoft.storage/storageaccounts', ['SuccessE2ELatency', 'SuccessServerLatency'], 4, '')
      }
    ]
    tags: tags
  }
}

@description('Automation account resource id.')
output automationAccountResourceId string = rotation.outputs.resourceId

@description('Principal id of the key-rotation identity (the hybrid worker VM\'s: runbooks on the worker sign in as it).')
output automationPrincipalId string = rotationWorker.outputs.principalId

@description('Hybrid Runbook Worker group the rotation schedules run on (phase 3 jobSchedules runOn).')
output rotationWorkerGroupName string = rotationWorker.outputs.workerGroupName

@description('Action group resource ids of the severity tiers.')
output tierActionGroupResourceIds string[] = tiers.outputs.actionGroupResourceIds

@description('Private endpoint resource ids (blob, dfs, vault).')
output privateEndpointResourceIds string[] = [for (link, i) in privateLinks: endpoints[i].outputs.resourceId]

@description('Runbooks the deployer publishes from templates/infra/runbooks/<name>.ps1 before phase 3 links their schedules.')
output runbookNames string[] = [
  'RotateStorageAccountKeys'
  'CheckThirdPartySecretExpiry'
]
