metadata name = 'Phase 1: monitoring and the platform it watches'
metadata description = 'Log Analytics, the network VNet injection needs at creation, the lake storage account, Key Vault and Databricks workspace (when owned), their diagnostic settings, four alerts and the monitoring dashboard.'

import { resourceNamesType, ownershipType, monitoringType, networkType, storageType, lakeLayoutType, adoptionType } from 'types.bicep'
import { subnetNames, networkSecurityGroupName, accessConnectorName, natGatewayName, natPublicIpName, egressRouteTableName, builtInRoleIds } from 'naming.bicep'

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

@description('Optional. Values adopted resources keep from before the toolkit (environment settings); the default is the target design.')
param adoption adoptionType = {
  storageInfrastructureEncryption: true
  storageAllowSharedKeyAccess: false
  keyVaultRbacAuthorization: true
  databricksVnetInjection: true
}

@description('Required. Object id of the AzureDatabricks first-party application\'s service principal in this tenant (it differs per tenant); it is granted Key Vault Secrets User so Key Vault-backed secret scopes can read secrets.')
param azureDatabricksObjectId string

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

// Egress for the no-public-IP Databricks subnets: explicit outbound (new VNets have no default outbound access), either
// a NAT gateway with a static public IP or a default route to the environment's firewall.
var egressToFirewall = network.egress.mode == 'firewall'

module natGateway 'modules/nat-gateway.bicep' = if (!egressToFirewall) {
  name: 'phase1-nat-gateway'
  params: {
    name: natGatewayName(names.virtualNetwork)
    publicIpName: natPublicIpName(names.virtualNetwork)
    location: location
    tags: tags
  }
}

module egressRoutes 'modules/route-table.bicep' = if (egressToFirewall) {
  name: 'phase1-egress-route-table'
  params: {
    name: egressRouteTableName(names.virtualNetwork)
    location: location
    firewallIp: network.egress.firewallIp
    tags: tags
  }
}

var databricksEgress = egressToFirewall
  ? { routeTableResourceId: egressRoutes!.outputs.resourceId }
  : { natGatewayResourceId: natGateway!.outputs.resourceId }

module vnet 'modules/virtual-network.bicep' = {
  name: 'phase1-virtual-network'
  params: {
    name: names.virtualNetwork
    location: location
    addressPrefix: network.addressSpace
    subnets: [
      union(
        {
          name: subnets.databricksHost
          addressPrefix: network.databricksHostSubnet
          networkSecurityGroupResourceId: hostNsg.outputs.resourceId
          delegation: 'Microsoft.Databricks/workspaces'
          serviceEndpoints: ['Microsoft.Storage', 'Microsoft.KeyVault']
        },
        databricksEgress
      )
      union(
        {
          name: subnets.databricksContainer
          addressPrefix: network.databricksContainerSubnet
          networkSecurityGroupResourceId: containerNsg.outputs.resourceId
          delegation: 'Microsoft.Databricks/workspaces'
          serviceEndpoints: ['Microsoft.Storage', 'Microsoft.KeyVault']
        },
        databricksEgress
      )
      // The rotation's hybrid worker VM lives here too: it needs the same explicit egress (Automation, Entra ID, ARM).
      union(
        {
          name: subnets.privateEndpoints
          addressPrefix: network.privateEndpointSubnet
          networkSecurityGroupResourceId: privateEndpointNsg.outputs.resourceId
        },
        databricksEgress
      )
    ]
    diagnosticSettings: diagnostics
    tags: tags
  }
}

var databricksSubnetIds = [
  vnet.outputs.subnetResourceIds[0]
  vnet.outputs.subnetResourceIds[1]
]

// Unity Catalog reaches the lake as this connector's system-assigned identity (storage credential → external locations).
resource accessConnector 'Microsoft.Databricks/accessConnectors@2026-01-01' = {
  name: accessConnectorName(names.databricksWorkspace)
  location: location
  tags: tags
  identity: {
    type: 'SystemAssigned'
  }
  properties: {}
}

module lake 'modules/storage-account.bicep' = if (ownership.storageAccount) {
  name: 'phase1-storage-account'
  params: {
    name: names.storageAccount
    location: location
    skuName: storage.sku
    requireInfrastructureEncryption: adoption.storageInfrastructureEncryption
    allowSharedKeyAccess: adoption.storageAllowSharedKeyAccess
    containers: lakeLayout.containers
    softDeleteDays: storage.softDeleteDays
    allowedSubnetResourceIds: databricksSubnetIds
    allowedIpRanges: network.allowedIpRanges
    resourceAccessResourceIds: [
      accessConnector.id
    ]
    diagnosticSettings: diagnostics
    tags: tags
  }
}

resource lakeAccount 'Microsoft.Storage/storageAccounts@2025-01-01' existing = {
  name: names.storageAccount
}

// Storage Blob Data Contributor: the connector's identity reads and writes the lake's Delta tables (shared key is off).
resource lakeDataRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (ownership.storageAccount) {
  name: guid(lakeAccount.id, accessConnector.id, builtInRoleIds.storageBlobDataContributor)
  scope: lakeAccount
  properties: {
    principalId: accessConnector.identity.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', builtInRoleIds.storageBlobDataContributor)
    description: 'Unity Catalog reads and writes ${names.storageAccount} through ${accessConnector.name}.'
  }
  dependsOn: [
    lake
  ]
}

module vault 'modules/key-vault.bicep' = if (ownership.keyVault) {
  name: 'phase1-key-vault'
  params: {
    name: names.keyVault
    location: location
    enableRbacAuthorization: adoption.keyVaultRbacAuthorization
    allowedSubnetResourceIds: databricksSubnetIds
    allowedIpRanges: network.allowedIpRanges
    diagnosticSettings: diagnostics
    tags: tags
  }
}

resource vaultAccount 'Microsoft.KeyVault/vaults@2025-05-01' existing = {
  name: names.keyVault
}

// Key Vault Secrets User for the AzureDatabricks application: the Key Vault-backed secret scope reads secrets as it
// (an RBAC vault ignores the access policy scope creation adds).
resource vaultDatabricksReader 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (ownership.keyVault) {
  name: guid(vaultAccount.id, azureDatabricksObjectId, builtInRoleIds.keyVaultSecretsUser)
  scope: vaultAccount
  properties: {
    principalId: azureDatabricksObjectId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', builtInRoleIds.keyVaultSecretsUser)
    description: 'Key Vault-backed secret scopes read secrets of ${names.keyVault} as the AzureDatabricks application.'
  }
  dependsOn: [
    vault
  ]
}

// An access-policy vault (kept for an adopted vault) ignores role assignments: the secret scope reads through an access
// policy, added by the 'add' operation so the vault's other policies stay.
resource vaultDatabricksPolicy 'Microsoft.KeyVault/vaults/accessPolicies@2025-05-01' = if (ownership.keyVault && !adoption.keyVaultRbacAuthorization) {
  parent: vaultAccount
  name: 'add'
  properties: {
    accessPolicies: [
      {
        tenantId: subscription().tenantId
        objectId: azureDatabricksObjectId
        permissions: {
          secrets: [
            'get'
            'list'
          ]
        }
      }
    ]
  }
  dependsOn: [
    vault
  ]
}

module databricks 'modules/databricks-workspace.bicep' = if (ownership.databricksWorkspace) {
  name: 'phase1-databricks-workspace'
  params: {
    name: names.databricksWorkspace
    location: location
    virtualNetworkResourceId: vnet.outputs.resourceId
    hostSubnetName: subnets.databricksHost
    containerSubnetName: subnets.databricksContainer
    vnetInjection: adoption.databricksVnetInjection
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

@description('Virtual network resource id.')
output virtualNetworkResourceId string = vnet.outputs.resourceId

@description('Databricks access connector resource id (the Unity Catalog storage credential\'s managed identity).')
output accessConnectorResourceId string = accessConnector.id
