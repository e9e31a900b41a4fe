metadata name = 'Storage account'
metadata description = 'An ADLS Gen2 account: TLS 1.2, HTTPS only, no anonymous blob access, no shared-key access, default-deny firewall, blob and container soft delete, private containers, logs on the blob service.'

import { diagnosticSettingType } from '../types.bicep'

@description('Required. Account name.')
param name string

@description('Optional. Location; defaults to the resource group location.')
param location string = resourceGroup().location

@description('Required. Replication SKU.')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
  'Standard_GRS'
  'Standard_RAGRS'
  'Standard_GZRS'
  'Standard_RAGZRS'
])
param skuName string

@description('Optional. Hierarchical namespace (ADLS Gen2).')
param isHnsEnabled bool = true

@description('Optional. Require infrastructure encryption. Create-only: false leaves the property out, so an existing account without it can be redeployed.')
param requireInfrastructureEncryption bool = true

@description('Optional. Allow account-key (shared key) access; only while an adopted account\'s consumers still use the key.')
param allowSharedKeyAccess bool = false

@description('Required. Containers to create (all private).')
param containers string[]

@description('Required. Blob and container soft delete retention in days.')
@minValue(7)
@maxValue(365)
param softDeleteDays int

@description('Optional. Subnet resource ids allowed through the firewall (they need the Microsoft.Storage service endpoint).')
param allowedSubnetResourceIds string[] = []

@description('Optional. Public IP ranges (CIDR) allowed through the firewall. When empty, public network access is disabled entirely.')
param allowedIpRanges string[] = []

@description('Optional. Resource ids of Azure resources (e.g. a Databricks access connector) admitted through the firewall by their managed identity.')
param resourceAccessResourceIds string[] = []

@description('Optional. Diagnostic settings: metrics on the account, logs (StorageRead/Write/Delete) and Transaction metrics on the blob service.')
param diagnosticSettings diagnosticSettingType[] = []

@description('Optional. Tags.')
param tags object = {}

resource account 'Microsoft.Storage/storageAccounts@2025-01-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: skuName
  }
  properties: {
    accessTier: 'Hot'
    isHnsEnabled: isHnsEnabled
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    allowBlobPublicAccess: false
    allowSharedKeyAccess: allowSharedKeyAccess
    defaultToOAuthAuthentication: true
    allowCrossTenantReplication: false
    publicNetworkAccess: empty(allowedIpRanges) ? 'Disabled' : 'Enabled'
    // ARM refuses requireInfrastructureEncryption on an existing account even when it repeats the value: send it only when required.
    encryption: union(
      {
        keySource: 'Microsoft.Storage'
      },
      requireInfrastructureEncryption ? { requireInfrastructureEncryption: true } : {},
      {
        services: {
          blob: {
            enabled: true
          }
          file: {
            enabled: true
          }
        }
      }
    )
    networkAcls: {
      defaultAction: 'Deny'
      bypass: 'AzureServices,Logging,Metrics'
      virtualNetworkRules: [
        for subnetId in allowedSubnetResourceIds: {
          id: subnetId
          action: 'Allow'
        }
      ]
      ipRules: [
        for range in allowedIpRanges: {
          value: range
          action: 'Allow'
        }
      ]
      resourceAccessRules: [
        for resourceId in resourceAccessResourceIds: {
          tenantId: tenant().tenantId
          resourceId: resourceId
        }
      ]
    }
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2025-01-01' = {
  parent: account
  name: 'default'
  properties: {
    deleteRetentionPolicy: {
      enabled: true
      days: softDeleteDays
    }
    containerDeleteRetentionPolicy: {
      enabled: true
      days: softDeleteDays
    }
  }
}

resource blobContainers 'Microsoft.Storage/storageAccounts/blobServices/containers@2025-01-01' = [
  for container in containers: {
    parent: blobService
    name: container
    properties: {
      publicAccess: 'None'
    }
  }
]

// 2016-09-01 is the only newer version and lacks categoryGroup; keep the preview that has it.
#disable-next-line use-recent-api-versions
resource accountDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = [
  for setting in diagnosticSettings: {
    name: setting.?name ?? '${name}-diagnostics'
    scope: account
    properties: {
      workspaceId: setting.workspaceResourceId
      metrics: [
        {
          category: 'Transaction'
          enabled: true
        }
      ]
    }
  }
]

#disable-next-line use-recent-api-versions
resource blobDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = [
  for setting in diagnosticSettings: {
    name: setting.?name ?? '${name}-blob-diagnostics'
    scope: blobService
    properties: {
      workspaceId: setting.workspaceResourceId
      logs: [
        for category in setting.?logCategories ?? ['StorageRead', 'StorageWrite', 'StorageDelete']: {
          category: category
          enabled: true
        }
      ]
      metrics: [
        {
          category: 'Transaction'
          enabled: true
        }
      ]
    }
  }
]

@description('Account name.')
output name string = account.name

@description('Account resource id.')
output resourceId string = account.id

@description('Blob service resource id (where the storage logs are configured).')
output blobServiceResourceId string = blobService.id
