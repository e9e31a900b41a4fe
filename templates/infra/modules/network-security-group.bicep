metadata name = 'Network security group'
metadata description = 'An NSG with explicit rules; no rule allows inbound traffic from any source.'

import { diagnosticSettingType } from '../types.bicep'

@description('Required. NSG name.')
param name string

@description('Optional. Location; defaults to the resource group location.')
param location string = resourceGroup().location

@description('Optional. Security rules (properties of Microsoft.Network/networkSecurityGroups securityRules).')
param securityRules array = []

@description('Optional. Diagnostic settings.')
param diagnosticSettings diagnosticSettingType[] = []

@description('Optional. Tags.')
param tags object = {}

resource nsg 'Microsoft.Network/networkSecurityGroups@2025-01-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    securityRules: securityRules
  }
}

#disable-next-line use-recent-api-versions
resource nsgDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = [
  for setting in diagnosticSettings: {
    name: setting.?name ?? '${name}-diagnostics'
    scope: nsg
    properties: {
      workspaceId: setting.workspaceResourceId
      logs: [
        {
          categoryGroup: 'allLogs'
          enabled: true
        }
      ]
    }
  }
]

@description('NSG name.')
output name string = nsg.name

@description('NSG resource id.')
output resourceId string = nsg.id
