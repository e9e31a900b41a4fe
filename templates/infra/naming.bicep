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

@export()
@description('Name of the Databricks access connector whose managed identity Unity Catalog uses to reach the lake.')
func accessConnectorName(databricksWorkspace string) string => '${databricksWorkspace}-access-connector'

@export()
@description('Name of the NAT gateway that gives the Databricks subnets of a VNet their egress.')
func natGatewayName(virtualNetwork string) string => '${virtualNetwork}-nat'

@export()
@description('Name of the static public IP of a NAT gateway.')
func natPublicIpName(virtualNetwork string) string => '${virtualNetwork}-nat-pip'

@export()
@description('Name of the route table that sends the Databricks subnets\' egress to a firewall.')
func egressRouteTableName(virtualNetwork string) string => '${virtualNetwork}-egress-rt'

@export()
@description('Name of the action group of a severity tier: <base>-<tier>.')
func tierActionGroupName(actionGroup string, tier string) string => '${actionGroup}-${tier}'

@export()
@description('Name of the alert processing rule that routes a tier\'s severities to its action group.')
func tierRoutingRuleName(actionGroup string, tier string) string => '${actionGroup}-${tier}-route'

@export()
@description('Name of the alert processing rule that suppresses a tier\'s notifications during its quiet hours.')
func tierQuietHoursRuleName(actionGroup string, tier string) string => '${actionGroup}-${tier}-quiet-hours'

@export()
@description('Name of the Hybrid Runbook Worker group (and VM) that runs the key rotation inside the VNet.')
func rotationWorkerName(automationAccount string) string => '${automationAccount}-worker'

@export()
@description('Built-in role definition ids (the same GUIDs in every tenant); the policy rules read them from ProjectScout.Model.Azure.AzureRoleDefinitions.')
var builtInRoleIds = {
  storageBlobDataContributor: 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'
  keyVaultSecretsUser: '4633458b-17de-408a-b874-0445c86b69e6'
  keyVaultSecretsOfficer: 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7'
  storageAccountKeyOperator: '81a9662b-bebf-436f-a333-f67b29880f12'
}
