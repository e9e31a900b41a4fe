metadata name = 'Storage lifecycle and inventory'
metadata description = 'Delta-safe lifecycle rules (no Archive tier, no age-based deletion of table paths, Cool only for raw landing prefixes) and a daily blob inventory.'

@description('Required. Name of the existing storage account.')
param storageAccountName string

@description('Required. Prefixes (container/folder/) of raw landing files that may move to Cool.')
param rawPrefixes string[]

@description('Required. Days after last modification before raw files move to Cool.')
param rawCoolAfterDays int

@description('Required. Retention of logs/ in days.')
param logRetentionDays int

@description('Required. Retention of data-quality/ in days.')
param dataQualityRetentionDays int

@description('Required. Retention of inventories/ in days.')
param inventoryRetentionDays int

@description('Required. Days after creation before blob snapshots are deleted.')
param snapshotRetentionDays int

@description('Required. Containers holding Delta tables, covered by the inventory.')
param tableContainers string[]

@description('Optional. Container of log exports.')
param logsContainer string = 'logs'

@description('Optional. Container of data-quality exports.')
param dataQualityContainer string = 'data-quality'

@description('Required. Container the inventory reports are written to.')
param inventoryContainer string

resource account 'Microsoft.Storage/storageAccounts@2025-01-01' existing = {
  name: storageAccountName
}

func deleteAfter(name string, prefix string, days int) object => {
  name: name
  enabled: true
  type: 'Lifecycle'
  definition: {
    filters: {
      blobTypes: ['blockBlob']
      prefixMatch: [prefix]
    }
    actions: {
      baseBlob: {
        delete: {
          daysAfterModificationGreaterThan: days
        }
      }
    }
  }
}

var rawRules = empty(rawPrefixes)
  ? []
  : [
      {
        name: 'raw-landing-to-cool'
        enabled: true
        type: 'Lifecycle'
        definition: {
          filters: {
            blobTypes: ['blockBlob']
            prefixMatch: rawPrefixes
          }
          actions: {
            baseBlob: {
              tierToCool: {
                daysAfterModificationGreaterThan: rawCoolAfterDays
              }
            }
          }
        }
      }
    ]

// Snapshots are never referenced by a Delta log, so deleting old ones is safe everywhere.
var snapshotRule = {
  name: 'snapshot-cleanup'
  enabled: true
  type: 'Lifecycle'
  definition: {
    filters: {
      blobTypes: ['blockBlob']
    }
    actions: {
      snapshot: {
        delete: {
          daysAfterCreationGreaterThan: snapshotRetentionDays
        }
      }
    }
  }
}

resource lifecycle 'Microsoft.Storage/storageAccounts/managementPolicies@2025-01-01' = {
  parent: account
  name: 'default'
  properties: {
    policy: {
      rules: concat(rawRules, [
        deleteAfter('logs-retention', '${logsContainer}/', logRetentionDays)
        deleteAfter('data-quality-retention', '${dataQualityContainer}/', dataQualityRetentionDays)
        deleteAfter('inventories-retention', '${inventoryContainer}/', inventoryRetentionDays)
        snapshotRule
      ])
    }
  }
}

resource inventory 'Microsoft.Storage/storageAccounts/inventoryPolicies@2025-01-01' = {
  parent: account
  name: 'default'
  properties: {
    policy: {
      enabled: true
      type: 'Inventory'
      rules: [
        {
          enabled: true
          name: 'lake-tables-daily'
          destination: inventoryContainer
          definition: {
            objectType: 'Blob'
            format: 'Csv'
            schedule: 'Daily'
            schemaFields: [
              'Name'
              'Creation-Time'
              'Last-Modified'
              'Content-Length'
              'AccessTier'
              'AccessTierChangeTime'
              'BlobType'
            ]
            filters: {
              blobTypes: ['blockBlob']
              prefixMatch: [for container in tableContainers: '${container}/']
              includeSnapshots: false
              includeBlobVersions: false
            }
          }
        }
      ]
    }
  }
}

@description('Lifecycle policy resource id.')
output resourceId string = lifecycle.id

@description('Lifecycle policy name.')
output name string = lifecycle.name

@description('Inventory policy resource id.')
output inventoryPolicyResourceId string = inventory.id
