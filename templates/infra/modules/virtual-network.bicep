metadata name = 'Virtual network'
metadata description = 'A VNet whose subnets each carry an NSG; delegations and service endpoints per subnet.'

import { diagnosticSettingType } from '../types.bicep'

@description('A subnet of the VNet.')
type subnetType = {
  @description('Required. Subnet name.')
  name: string
  @description('Required. Address prefix (CIDR).')
  addressPrefix: string
  @description('Required. NSG resource id: every subnet has one.')
  networkSecurityGroupResourceId: string
  @description('Optional. Service to delegate the subnet to, e.g. Microsoft.Databricks/workspaces.')
  delegation: string?
  @description('Optional. Service endpoints, e.g. Microsoft.Storage.')
  serviceEndpoints: string[]?
  @description('Optional. NAT gateway resource id giving the subnet its outbound connectivity.')
  natGatewayResourceId: string?
  @description('Optional. Route table resource id (e.g. a default route to a firewall).')
  routeTableResourceId: string?
}

@description('Required. VNet name.')
param name string

@description('Optional. Location; defaults to the resource group location.')
param location string = resourceGroup().location

@description('Required. Address space (CIDR).')
param addressPrefix string

@description('Required. Subnets.')
param subnets subnetType[]

@description('Optional. Diagnostic settings.')
param diagnosticSettings diagnosticSettingType[] = []

@description('Optional. Tags.')
param tags object = {}

resource vnet 'Microsoft.Network/virtualNetworks@2025-01-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    addressSpace: {
      addressPrefixes: [
        addressPrefix
      ]
    }
    subnets: [
      for subnet in subnets: {
        name: subnet.name
        // Egress properties appear only on the subnets that have them.
        properties: union({
          addressPrefix: subnet.addressPrefix
          networkSecurityGroup: {
            id: subnet.networkSecurityGroupResourceId
          }
          delegations: subnet.?delegation == null
            ? []
            : [
                {
                  name: 'delegation'
                  properties: {
                    serviceName: subnet.?delegation
                  }
                }
              ]
          serviceEndpoints: map(subnet.?serviceEndpoints ?? [], service => { service: service })
          privateEndpointNetworkPolicies: 'Enabled'
        }, subnet.?natGatewayResourceId == null ? {} : { natGateway: { id: subnet.?natGatewayResourceId } }, subnet.?routeTableResourceId == null ? {} : { routeTable: { id: subnet.?routeTableResourceId } })
      }
    ]
  }
}

#disable-next-line use-recent-api-versions
resource vnetDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = [
  for setting in diagnosticSettings: {
    name: setting.?name ?? '${name}-diagnostics'
    scope: vnet
    properties: {
      workspaceId: setting.workspaceResourceId
      logs: [
        {
          categoryGroup: 'allLogs'
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

@description('VNet name.')
output name string = vnet.name

@description('VNet resource id.')
output resourceId string = vnet.id

@description('Subnet resource ids, in the order of the subnets parameter.')
output subnetResourceIds string[] = [for subnet in subnets: resourceId('Microsoft.Network/virtualNetworks/subnets', name, subnet.name)]
