metadata name = 'Log Analytics workspace'
metadata description = 'A Log Analytics workspace (PerGB2018) with retention and a daily cap. Never outputs its shared keys.'

@description('Required. Workspace name.')
param name string

@description('Optional. Location; defaults to the resource group location.')
param location string = resourceGroup().location

@description('Required. Retention in days.')
@minValue(30)
@maxValue(730)
param retentionDays int

@description('Required. Daily ingestion cap in GB as a decimal string; "-1" for none.')
param dailyCapGb string

@description('Optional. Tags.')
param tags object = {}

resource workspace 'Microsoft.OperationalInsights/workspaces@2025-02-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: retentionDays
    workspaceCapping: {
      dailyQuotaGb: json(dailyCapGb)
    }
    features: {
      enableLogAccessUsingOnlyResourcePermissions: true
    }
  }
}

@description('Workspace name.')
output name string = workspace.name

@description('Workspace resource id.')
output resourceId string = workspace.id

@description('Workspace (customer) id used by log queries.')
output customerId string = workspace.properties.customerId
