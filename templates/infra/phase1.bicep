metadata name = 'Phase 1: monitoring and the platform it watches'
metadata description = 'Log Analytics, action group, the network VNet injection needs at creation, the lake storage account, Key Vault and Databricks workspace (when owned), their diagnostic settings, four alerts and the monitoring dashboard.'

import { resourceNamesType, ownershipType, monitoringType, networkType, storageType, lakeLayoutType } from 'types.bicep'
import { subnetNames, networkSecurityGroupName } from 'naming.bicep'

@description('Optional. Location of every resource; defaults to the resource group location.')
param location string = resourceGroup().location

@description('Required. Resource names from the environment file.')
param names resourceNamesType

@description('Required. Which platform resources this deployment creates.')
param ownership ownershipType

@description('Required. Monitoring settings.')
param monitoring monitoringType

@description('Required. Network settings.')
param network networkType

@description('Required. Storage settings.')
param storage storageType

@description('Optional. Workspace URL (without scheme) of a Databricks workspace the toolkit does not own.')
param existingDatabricksHost string = ''

@description('Required. Tags for every resource.')
param tags object

@description('Required. The lake container layout, from templates/lakehouse.yaml.')
param lakeLayout lakeLayoutType

@description('Required. Task-key suffix of the layers\' quality gates (templates/lakehouse.yaml); the data-quality alert filters on it.')
param qualityGateTaskKeySuffix string

var subnets = subnetNames(names.virtualNetwork)
var capacityThresholdBytes = monitoring.storageCapacityGiB * 1073741824 * monitoring.storageCapacityAlertPercent / 100

module logAnalytics 'modules/log-analytics-workspace.bicep' = {
  name: 'phase1-log-analytics'
  params: {
    name: names.logAnalyticsWorkspace
    location: location
    retentionDays: monitoring.retentionDays
    dailyCapGb: monitoring.dailyCapGb
    tags: tags
  }
}

var diagnostics = [
  {
    workspaceResourceId: logAnalytics.outputs.resourceId
  }
]

module actionGroup 'modules/action-group.bicep' = {
  name: 'phase1-action-group'
  params: {
    name: names.actionGroup
    shortName: 'JuicerAlert'
    emails: monitoring.alertEmails
    tags: tags
  }
}

module hostNsg 'modules/network-security-group.bicep' = {
  name: 'phase1-nsg-databricks-host'
  params: {
    name: networkSecurityGroupName(subnets.databricksHost)
    location: location
    diagnosticSettings: diagnostics
    tags: tags
  }
}

module containerNsg 'modules/network-security-group.bicep' = {
  name: 'phase1-nsg-databricks-container'
  params: {
    name: networkSecurityGroupName(subnets.databricksContainer)
    location: location
    diagnosticSettings: diagnostics
    tags: tags
  }
}

module privateEndpointNsg 'modules/network-security-group.bicep' = {
  name: 'phase1-nsg-private-endpoints'
  params: {
    name: networkSecurityGroupName(subnets.privateEndpoints)
    location: location
    diagnosticSettings: diagnostics
    tags: tags
  }
}

module vnet 'modules/virtual-network.bicep' = {
  name: 'phase1-virtual-network'
  params: {
    name: names.virtualNetwork
    location: location
    addressPrefix: network.addressSpace
    subnets: [
      {
        name: subnets.databricksHost
        addressPrefix: network.databricksHostSubnet
        networkSecurityGroupResourceId: hostNsg.outputs.resourceId
        delegation: 'Microsoft.Databricks/workspaces'
        serviceEndpoints: ['Microsoft.Storage', 'Microsoft.KeyVault']
      }
      {
        name: subnets.databricksContainer
        addressPrefix: network.databricksContainerSubnet
        networkSecurityGroupResourceId: containerNsg.outputs.resourceId
        delegation: 'Microsoft.Databricks/workspaces'
        serviceEndpoints: ['Microsoft.Storage', 'Microsoft.KeyVault']
      }
      {
        name: subnets.privateEndpoints
        addressPrefix: network.privateEndpointSubnet
        networkSecurityGroupResourceId: privateEndpointNsg.outputs.resourceId
      }
    ]
    diagnosticSettings: diagnostics
    tags: tags
  }
}

var databricksSubnetIds = [
  vnet.outputs.subnetResourceIds[0]
  vnet.outputs.subnetResourceIds[1]
]

module lake 'modules/storage-account.bicep' = if (ownership.storageAccount) {
  name: 'phase1-storage-account'
  params: {
    name: names.storageAccount
    location: location
    skuName: storage.sku
    containers: lakeLayout.containers
    softDeleteDays: storage.softDeleteDays
    allowedSubnetResourceIds: databricksSubnetIds
    allowedIpRanges: network.allowedIpRanges
    diagnosticSettings: diagnostics
    tags: tags
  }
}

module vault 'modules/key-vault.bicep' = if (ownership.keyVault) {
  name: 'phase1-key-vault'
  params: {
    name: names.keyVault
    location: location
    allowedSubnetResourceIds: databricksSubnetIds
    allowedIpRanges: network.allowedIpRanges
    diagnosticSettings: diagnostics
    tags: tags
  }
}

module databricks 'modules/databricks-workspace.bicep' = if (ownership.databricksWorkspace) {
  name: 'phase1-databricks-workspace'
  params: {
    name: names.databricksWorkspace
    location: location
    virtualNetworkResourceId: vnet.outputs.resourceId
    hostSubnetName: subnets.databricksHost
    containerSubnetName: subnets.databricksContainer
    diagnosticSettings: diagnostics
    tags: tags
  }
}

// Ids of the watched resources whether or not this deployment creates them.
var storageAccountId = resourceId('Microsoft.Storage/storageAccounts', names.storageAccount)
var keyVaultId = resourceId('Microsoft.KeyVault/vaults', names.keyVault)
var databricksWorkspaceId = resourceId('Microsoft.Databricks/workspaces', names.databricksWorkspace)

// DatabricksJobs holds the jobs service audit events; a failed task run is ActionName runFailed with its taskKey.
var failedRunsQuery = 'DatabricksJobs | where ActionName == "runFailed" | extend Params = parse_json(RequestParams) | extend JobId = tostring(Params.jobId), RunId = tostring(Params.runId), TaskKey = tostring(Params.taskKey)'
var jobFailureQuery = '${failedRunsQuery} | project TimeGenerated, JobId, RunId, TaskKey, Response'
var qualityFailureQuery = '${failedRunsQuery} | where TaskKey endswith "${qualityGateTaskKeySuffix}" | project TimeGenerated, JobId, RunId, TaskKey, Response'
// ResultSignature is text ("OK", "Forbidden"); the HTTP status is httpStatusCode_d.
var keyVaultFailureQuery = 'AzureDiagnostics | where ResourceProvider == "MICROSOFT.KEYVAULT" and Category == "AuditEvent" and httpStatusCode_d >= 400 | project TimeGenerated, Resource, OperationName, httpStatusCode_d, ResultSignature, CallerIPAddress'

module capacityAlert 'modules/metric-alert.bicep' = {
  name: 'phase1-alert-storage-capacity'
  params: {
    name: '${names.storageAccount}-capacity-alert'
    alertDescription: 'Used capacity of ${names.storageAccount} is above ${monitoring.storageCapacityAlertPercent}% of the planned ${monitoring.storageCapacityGiB} GiB (${capacityThresholdBytes} bytes).'
    scopes: [
      storageAccountId
    ]
    metricNamespace: 'Microsoft.Storage/storageAccounts'
    metricName: 'UsedCapacity'
    timeAggregation: 'Average'
    operator: 'GreaterThan'
    threshold: capacityThresholdBytes
    severity: 2
    evaluationFrequency: 'PT1H'
    windowSize: 'PT1H'
    actionGroupResourceIds: [
      actionGroup.outputs.resourceId
    ]
    tags: tags
  }
  dependsOn: [
    lake
  ]
}

module jobFailureAlert 'modules/scheduled-query-rule.bicep' = {
  name: 'phase1-alert-databricks-job-failure'
  params: {
    name: '${names.databricksWorkspace}-job-failure-alert'
    location: location
    alertDescription: 'A Databricks job run failed in ${names.databricksWorkspace}. Open the run from JobId/RunId in the alert.'
    workspaceResourceId: logAnalytics.outputs.resourceId
    query: jobFailureQuery
    threshold: 0
    severity: 1
    evaluationFrequency: 'PT10M'
    windowSize: 'PT1H'
    autoMitigate: false
    actionGroupResourceIds: [
      actionGroup.outputs.resourceId
    ]
    tags: tags
  }
}

module qualityFailureAlert 'modules/scheduled-query-rule.bicep' = {
  name: 'phase1-alert-data-quality-gate'
  params: {
    name: '${names.databricksWorkspace}-data-quality-gate-alert'
    location: location
    alertDescription: 'A data-quality gate failed (a task whose key ends in ${qualityGateTaskKeySuffix}); downstream layers did not run.'
    workspaceResourceId: logAnalytics.outputs.resourceId
    query: qualityFailureQuery
    threshold: 0
    severity: 1
    evaluationFrequency: 'PT10M'
    windowSize: 'PT1H'
    autoMitigate: false
    actionGroupResourceIds: [
      actionGroup.outputs.resourceId
    ]
    tags: tags
  }
}

module keyVaultAlert 'modules/scheduled-query-rule.bicep' = {
  name: 'phase1-alert-key-vault-access'
  params: {
    name: '${names.keyVault}-failed-access-alert'
    location: location
    alertDescription: 'More than 3 Key Vault requests failed (HTTP status 400 or above) in 15 minutes on ${names.keyVault}.'
    workspaceResourceId: logAnalytics.outputs.resourceId
    query: keyVaultFailureQuery
    threshold: 3
    severity: 1
    evaluationFrequency: 'PT5M'
    windowSize: 'PT15M'
    autoMitigate: true
    actionGroupResourceIds: [
      actionGroup.outputs.resourceId
    ]
    tags: tags
  }
}

func logsTileMetadata(workspaceId string, title string, query string, chart string) object => {
  type: 'Extension/Microsoft_OperationsManagementSuite_Workspace/PartType/LogsDashboardPart'
  inputs: [
    { name: 'resourceTypeMode', isOptional: true, value: 'workspace' }
    { name: 'ComponentId', isOptional: true, value: workspaceId }
    { name: 'Scope', isOptional: true, value: { resourceIds: [workspaceId] } }
    { name: 'Query', isOptional: true, value: query }
    { name: 'TimeRange', isOptional: true, value: 'P1D' }
    { name: 'PartTitle', isOptional: true, value: title }
    { name: 'ControlType', isOptional: true, value: chart }
  ]
}

module monitoringDashboard 'modules/dashboard.bicep' = {
  name: 'phase1-monitoring-dashboard'
  params: {
    name: names.monitoringDashboard
    location: location
    title: 'Juicer GenAI Insights Monitoring'
    tiles: [
      {
        x: 0
        y: 0
        colSpan: 6
        rowSpan: 4
        metadata: logsTileMetadata(logAnalytics.outputs.resourceId, 'Databricks job runs by outcome', 'DatabricksJobs | where ActionName in ("runSucceeded", "runFailed") | summarize Runs = count() by bin(TimeGenerated, 1h), ActionName | render columnchart', 'FrameControlChart')
      }
      {
        x: 6
        y: 0
        colSpan: 6
        rowSpan: 4
        metadata: {
          type: 'Extension/HubsExtension/PartType/MonitorChartPart'
          inputs: [
            {
              name: 'options'
              isOptional: true
              value: {
                chart: {
                  title: 'Lake storage used capacity'
                  titleKind: 2
                  metrics: [
                    {
                      resourceMetadata: { id: storageAccountId }
                      name: 'UsedCapacity'
                      namespace: 'microsoft.storage/storageaccounts'
                      aggregationType: 4
                      metricVisualization: { displayName: 'Used capacity' }
                    }
                  ]
                  visualization: { chartType: 2 }
                }
              }
            }
          ]
        }
      }
      {
        x: 0
        y: 4
        colSpan: 6
        rowSpan: 4
        metadata: logsTileMetadata(logAnalytics.outputs.resourceId, 'Key Vault operations by status', 'AzureDiagnostics | where ResourceProvider == "MICROSOFT.KEYVAULT" and Category == "AuditEvent" | summarize Operations = count() by bin(TimeGenerated, 1h), Status = tostring(toint(httpStatusCode_d)) | render barchart', 'FrameControlChart')
      }
      {
        x: 6
        y: 4
        colSpan: 6
        rowSpan: 4
        metadata: logsTileMetadata(logAnalytics.outputs.resourceId, 'Data-quality gate failures', '${qualityFailureQuery} | summarize Failures = count() by bin(TimeGenerated, 1h), TaskKey | render columnchart', 'FrameControlChart')
      }
    ]
    tags: tags
  }
}

@description('Databricks workspace URL without scheme (adb-<id>.<n>.azuredatabricks.net).')
output databricksWorkspaceUrl string = ownership.databricksWorkspace ? databricks!.outputs.workspaceUrl : existingDatabricksHost

@description('Databricks workspace resource id.')
output databricksWorkspaceResourceId string = databricksWorkspaceId

@description('Key Vault resource id (for the Key Vault-backed secret scope).')
output keyVaultResourceId string = keyVaultId

@description('Key Vault URI (DNS name of the Key Vault-backed secret scope).')
output keyVaultUri string = 'https://${names.keyVault}${environment().suffixes.keyvaultDns}/'

@description('Lake storage account resource id.')
output storageAccountResourceId string = storageAccountId

@description('Log Analytics workspace resource id.')
output logAnalyticsWorkspaceResourceId string = logAnalytics.outputs.resourceId

@description('Action group resource id.')
output actionGroupResourceId string = actionGroup.outputs.resourceId

@description('Virtual network resource id.')
output virtualNetworkResourceId string = vnet.outputs.resourceId
