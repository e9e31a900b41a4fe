metadata name = 'Egress route table'
metadata description = 'A route table whose default route (0.0.0.0/0) goes to a firewall (virtual appliance).'

@description('Required. Route table name.')
param name string

@description('Optional. Location; defaults to the resource group location.')
param location string = resourceGroup().location

@description('Required. Private IP of the firewall, the next hop of all outbound traffic.')
param firewallIp string

@description('Optional. Tags.')
param tags object = {}

resource routeTable 'Microsoft.Network/routeTables@2025-01-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    disableBgpRoutePropagation: true
    routes: [
      {
        name: 'to-firewall'
        properties: {
          addressPrefix: '0.0.0.0/0'
          nextHopType: 'VirtualAppliance'
          nextHopIpAddress: firewallIp
        }
      }
    ]
  }
}

@description('Route table resource id.')
output resourceId string = routeTable.id
