metadata name = 'NAT gateway'
metadata description = 'A Standard NAT gateway with one Standard static public IP: explicit outbound for subnets without public IPs.'

@description('Required. NAT gateway name.')
param name string

@description('Required. Name of its static public IP.')
param publicIpName string

@description('Optional. Location; defaults to the resource group location.')
param location string = resourceGroup().location

@description('Optional. Minutes an idle outbound flow is kept.')
@minValue(4)
@maxValue(120)
param idleTimeoutInMinutes int = 4

@description('Optional. Tags.')
param tags object = {}

resource publicIp 'Microsoft.Network/publicIPAddresses@2025-01-01' = {
  name: publicIpName
  location: location
  tags: tags
  sku: {
    name: 'Standard'
    tier: 'Regional'
  }
  properties: {
    publicIPAllocationMethod: 'Static'
    publicIPAddressVersion: 'IPv4'
  }
}

resource natGateway 'Microsoft.Network/natGateways@2025-01-01' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: 'Standard'
  }
  properties: {
    idleTimeoutInMinutes: idleTimeoutInMinutes
    publicIpAddresses: [
      {
        id: publicIp.id
      }
    ]
  }
}

@description('NAT gateway resource id.')
output resourceId string = natGateway.id
