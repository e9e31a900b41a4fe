metadata name = 'Key Vault'
metadata description = 'A Key Vault with RBAC authorization, soft delete, purge protection, a default-deny firewall and AuditEvent logs.'

import { diagnosticSettingType } from '../types.bicep'

@description('Required. Vault name.')
param name string

@description('Optional. Location; defaults to the resource group location.')
param location string = resourceGroup().location

@description('Optional. Soft delete retention in days (7-90).')
@minValue(7)
@maxValue(90)
param softDeleteRetentionDays int = 90

@description('Optional. Azure RBAC authorization; false keeps an adopted vault on access policies (never sent inline, so the vault keeps its own).')
param enableRbacAuthorization bool = true

@description('Optional. Subnet resource ids allowed through the firewall (they need the Microsoft.KeyVault service endpoint).')
param allowedSubnetResourceIds string[] = []

@description('Optional. Public IP ranges (CIDR) allowed through the firewall. When empty, public network access is disabled entirely.')
param allowedIpRanges string[] = []

@description('Optional. Diagnostic settings (AuditEvent and AllMetrics).')
param diagnosticSettings diagnosticSettingType[] = []

@description('Optional. Tags.')
param tags object = {}

resource vault 'Microsoft.KeyVault/vaults@2025-05-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: enableRbacAuthorization
    enableSoftDelete: true
    softDeleteRetentionInDays: softDeleteRetentionDays
    enablePurgeProtection: true
    enabledForDeployment: false
    // Resource Manager reads the paging webhook URL with getSecret (the tier action groups, phase 2).
    enabledForTemplateDeployment: true
    enabledForDiskEncryption: false
    publicNetworkAccess: empty(allowedIpRanges) ? 'Disabled' : 'Enabled'
    networkAcls: {
      defaultAction: 'Deny'
      bypass: 'AzureServices'
      virtualNetworkRules: [
        for subnetId in allowedSubnetResourceIds: {
          id: subnetId
          ignoreMissingVnetServiceEndpoint: false
        }
      ]
      ipRules: [
        for range in allowedIpRanges: {
          value: range
        }
      ]
    }
  }
}

#disable-next-line use-recent-api-versions
resource vaultDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = [
  for setting in diagnosticSettings: {
    name: setting.?name ?? '${name}-diagnostics'
    scope: vault
    properties: {
      workspaceId: setting.workspaceResourceId
      logs: [
        for category in setting.?logCategories ?? ['AuditEvent']: {
          category: category
          enabled: true
        }
      ]
      metrics: [
        {
          category: 'AllMetrics'
          enabled: true
        }
      ]
    }
  }
]

@description('Vault name.')
output name string = vault.name

@description('Vault resource id.')
output resourceId string = vault.id

@description('Vault URI, e.g. https://<name>.vault.azure.net/.')
output uri string = vault.properties.vaultUri
