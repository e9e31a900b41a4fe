metadata name = 'Private endpoint'
metadata description = 'A private endpoint for one sub-resource (group id) of a service, registered in its privatelink DNS zone.'

@description('Required. Endpoint name.')
param name string

@description('Optional. Location; defaults to the resource group location.')
param location string = resourceGroup().location

@description('Required. Subnet the endpoint gets its address from.')
param subnetResourceId string

@description('Required. Resource the endpoint connects to.')
param targetResourceId string

@description('Required. Sub-resource, e.g. blob, dfs or vault.')
param groupId string

@description('Required. privatelink DNS zone the endpoint registers in.')
param privateDnsZoneResourceId string

@description('Optional. Tags.')
param tags object = {}

resource endpoint 'Microsoft.Network/privateEndpoints@2025-01-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    subnet: {
      id: subnetResourceId
    }
    privateLinkServiceConnections: [
      {
        name: '${name}-connection'
        properties: {
          privateLinkServiceId: targetResourceId
          groupIds: [
            groupId
          ]
        }
      }
    ]
  }
}

resource zoneGroup 'Microsoft.Network/privateEndpoints/privateDnsZoneGroups@2025-01-01' = {
  parent: endpoint
  name: 'default'
  properties: {
    privateDnsZoneConfigs: [
      {
        name: groupId
        properties: {
          privateDnsZoneId: privateDnsZoneResourceId
        }
      }
    ]
  }
}

@description('Endpoint name.')
output name string = endpoint.name

@description('Endpoint resource id.')
output resourceId string = endpoint.id
