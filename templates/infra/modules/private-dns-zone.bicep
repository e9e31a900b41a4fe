metadata name = 'Private DNS zone'
metadata description = 'A privatelink DNS zone linked to a VNet so private endpoints resolve privately.'

@description('Required. Zone name, e.g. privatelink.blob.core.windows.net.')
param name string

@description('Required. VNet to link the zone to.')
param virtualNetworkResourceId string

@description('Optional. Tags.')
param tags object = {}

resource zone 'Microsoft.Network/privateDnsZones@2024-06-01' = {
  name: name
  location: 'global'
  tags: tags
}

resource link 'Microsoft.Network/privateDnsZones/virtualNetworkLinks@2024-06-01' = {
  parent: zone
  name: 'link-${last(split(virtualNetworkResourceId, '/'))}'
  location: 'global'
  tags: tags
  properties: {
    registrationEnabled: false
    virtualNetwork: {
      id: virtualNetworkResourceId
    }
  }
}

@description('Zone name.')
output name string = zone.name

@description('Zone resource id.')
output resourceId string = zone.id

@description('VNet link resource id.')
output virtualNetworkLinkResourceId string = link.id
