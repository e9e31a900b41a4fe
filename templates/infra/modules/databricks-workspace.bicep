metadata name = 'Azure Databricks workspace'
metadata description = 'A premium workspace, VNet-injected with secure cluster connectivity (no public IP), with every diagnostic log category.'

import { diagnosticSettingType } from '../types.bicep'

@description('Required. Workspace name.')
param name string

@description('Optional. Location; defaults to the resource group location.')
param location string = resourceGroup().location

@description('Required. Resource id of the VNet to inject into (same region and subscription).')
param virtualNetworkResourceId string

@description('Required. Name of the host ("public") subnet, delegated to Microsoft.Databricks/workspaces with an NSG.')
param hostSubnetName string

@description('Required. Name of the container ("private") subnet, delegated to Microsoft.Databricks/workspaces with an NSG.')
param containerSubnetName string

@description('Optional. VNet injection; false keeps an adopted workspace that was created without it (the VNet is chosen at creation).')
param vnetInjection bool = true

@description('Optional. Diagnostic settings; premium workspaces only.')
param diagnosticSettings diagnosticSettingType[] = []

@description('Optional. Tags.')
param tags object = {}

// Every category Azure Databricks documents for diagnostic logs; the original's ADBJobsRuns table never existed.
var logCategories = [
  'accounts'
  'clusters'
  'dbfs'
  'instancePools'
  'jobs'
  'notebook'
  'secrets'
  'sqlPermissions'
  'ssh'
  'unityCatalog'
  'workspace'
]

resource workspace 'Microsoft.Databricks/workspaces@2026-01-01' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: 'premium'
  }
  properties: {
    // Hybrid is the classic compute plane that VNet injection applies to.
    computeMode: 'Hybrid'
    managedResourceGroupId: subscriptionResourceId('Microsoft.Resources/resourceGroups', 'databricks-rg-${name}')
    publicNetworkAccess: 'Enabled'
    requiredNsgRules: 'AllRules'
    parameters: union(
      vnetInjection
        ? {
            customVirtualNetworkId: {
              value: virtualNetworkResourceId
            }
            customPublicSubnetName: {
              value: hostSubnetName
            }
            customPrivateSubnetName: {
              value: containerSubnetName
            }
          }
        : {},
      {
        enableNoPublicIp: {
          value: true
        }
      }
    )
  }
}

#disable-next-line use-recent-api-versions
resource workspaceDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = [
  for setting in diagnosticSettings: {
    name: setting.?name ?? '${name}-diagnostics'
    scope: workspace
    properties: {
      workspaceId: setting.workspaceResourceId
      logs: [
        for category in setting.?logCategories ?? logCategories: {
          category: category
          enabled: true
        }
      ]
    }
  }
]

@description('Workspace name.')
output name string = workspace.name

@description('Workspace resource id.')
output resourceId string = workspace.id

@description('Workspace URL (adb-<id>.<n>.azuredatabricks.net), without scheme.')
output workspaceUrl string = workspace.properties.workspaceUrl
