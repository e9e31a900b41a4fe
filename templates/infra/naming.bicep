metadata name = 'Derived names'
metadata description = 'Names every phase derives from the names in templates/environments/<env>.yaml, declared once so the environment file stays the only source of names.'

@export()
@description('The subnets of the platform VNet.')
type subnetNamesType = {
  @description('Databricks host ("public") subnet.')
  databricksHost: string
  @description('Databricks container ("private") subnet.')
  databricksContainer: string
  @description('Subnet of the private endpoints.')
  privateEndpoints: string
}

@export()
@description('Subnet names of a VNet: <vnet>-databricks-host, <vnet>-databricks-container, <vnet>-private-endpoints.')
func subnetNames(virtualNetwork string) subnetNamesType => {
  databricksHost: '${virtualNetwork}-databricks-host'
  databricksContainer: '${virtualNetwork}-databricks-container'
  privateEndpoints: '${virtualNetwork}-private-endpoints'
}

@export()
@description('Name of the network security group of a subnet.')
func networkSecurityGroupName(subnet string) string => 'nsg-${subnet}'

@export()
@description('Name of the private endpoint of one sub-resource (group id) of a resource.')
func privateEndpointName(resourceName string, groupId string) string => '${resourceName}-${groupId}-pe'

@export()
@description('Name of the CanNotDelete lock on a resource (the AVM default).')
func lockName(resourceName string) string => 'lock-${resourceName}'
