metadata name = 'Shared parameter types'
metadata description = 'The shapes of the values the toolkit generates from templates/environments/<env>.yaml into artifacts/<env>/infra/phase<N>.bicepparam.'

@export()
@description('Every resource name, declared once in the environment file.')
type resourceNamesType = {
  @description('Azure Databricks workspace.')
  databricksWorkspace: string
  @description('ADLS Gen2 lake storage account.')
  storageAccount: string
  @description('Secondary storage account for Delta backups (phase 3).')
  backupStorageAccount: string
  @description('Key Vault holding the platform secrets.')
  keyVault: string
  @description('Log Analytics workspace every diagnostic setting sends to.')
  logAnalyticsWorkspace: string
  @description('Base name of the tier action groups (<actionGroup>-<tier>) and alert processing rules.')
  actionGroup: string
  @description('Virtual network for Databricks VNet injection and private endpoints.')
  virtualNetwork: string
  @description('Automation account that runs the key rotation.')
  automationAccount: string
  @description('Monitoring dashboard.')
  monitoringDashboard: string
  @description('Storage lifecycle dashboard.')
  storageDashboard: string
}

@export()
@description('Which platform resources the toolkit creates; false means the resource exists already and is only referenced.')
type ownershipType = {
  @description('Create the Databricks workspace.')
  databricksWorkspace: bool
  @description('Create the lake storage account.')
  storageAccount: bool
  @description('Create the Key Vault.')
  keyVault: bool
}

@export()
@description('Monitoring settings.')
type monitoringType = {
  @description('Log Analytics retention in days.')
  @minValue(30)
  @maxValue(730)
  retentionDays: int
  @description('Daily ingestion cap in GB, as a decimal string (Bicep has no floats); "-1" for none.')
  dailyCapGb: string
  @description('Planned capacity of the lake storage account in GiB; the capacity alert threshold is a percentage of it.')
  @minValue(1)
  storageCapacityGiB: int
  @description('Percentage of the planned capacity at which the capacity alert fires.')
  @minValue(1)
  @maxValue(100)
  storageCapacityAlertPercent: int
}

@export()
@description('Network settings.')
type networkType = {
  @description('VNet address space (CIDR).')
  addressSpace: string
  @description('Databricks host ("public") subnet, delegated to Microsoft.Databricks/workspaces, /26 or larger.')
  databricksHostSubnet: string
  @description('Databricks container ("private") subnet, delegated to Microsoft.Databricks/workspaces, /26 or larger.')
  databricksContainerSubnet: string
  @description('Subnet for the private endpoints.')
  privateEndpointSubnet: string
  @description('Public IP ranges (CIDR) allowed through the storage and Key Vault firewalls, e.g. the build agents.')
  allowedIpRanges: string[]
  @description('Egress of both Databricks subnets: a NAT gateway with a static public IP, or a default route to a firewall.')
  egress: egressType
}

@export()
@description('How the no-public-IP Databricks subnets reach the internet (the SCC relay, artifact storage, LLM and JDBC endpoints).')
type egressType = {
  @description('natGateway: a Standard NAT gateway with a static public IP; firewall: a 0.0.0.0/0 route to firewallIp.')
  mode: ('natGateway' | 'firewall')
  @description('Private IP of the firewall (next hop) when mode is firewall; empty otherwise.')
  firewallIp: string
}

@export()
@description('Storage settings.')
type storageType = {
  @description('Replication SKU of the lake account, e.g. Standard_RAGRS in production.')
  sku: ('Standard_LRS' | 'Standard_ZRS' | 'Standard_GRS' | 'Standard_RAGRS' | 'Standard_GZRS' | 'Standard_RAGZRS')
  @description('Blob and container soft delete retention in days.')
  @minValue(7)
  @maxValue(365)
  softDeleteDays: int
  @description('Prefixes (container/folder/) of raw landing files, never Delta tables: the only data tiered to Cool.')
  rawPrefixes: string[]
  @description('Days after last modification before raw landing files move to Cool.')
  @minValue(1)
  rawCoolAfterDays: int
  @description('Days logs/ blobs are kept.')
  @minValue(1)
  logRetentionDays: int
  @description('Days data-quality/ exports are kept.')
  @minValue(1)
  dataQualityRetentionDays: int
  @description('Days inventories/ reports are kept.')
  @minValue(1)
  inventoryRetentionDays: int
  @description('Days blob snapshots are kept after creation.')
  @minValue(1)
  snapshotRetentionDays: int
  @description('Create the secondary storage account for Delta backups.')
  backupAccount: bool
  @description('Put CanNotDelete locks on stateful resources.')
  resourceLocks: bool
}

@export()
@description('Key rotation settings.')
type keyRotationType = {
  @description('Days between rotations of what can be rotated (the storage account keys).')
  @minValue(1)
  intervalDays: int
  @description('Third-party API keys, each with its declared expiry: watched for near-expiry, never overwritten.')
  thirdPartySecrets: thirdPartySecretType[]
  @description('Days before expiry at which the near-expiry alert fires.')
  @minValue(1)
  nearExpiryWarningDays: int
  @description('The Hybrid Runbook Worker VM that runs the rotation inside the VNet.')
  worker: rotationWorkerType
}

@export()
@description('A third-party secret and its declared expiry: a date (expiresOn) or a validity period (rotationDays); the other is empty or 0.')
type thirdPartySecretType = {
  @description('Key Vault secret name.')
  name: string
  @description('yyyy-MM-dd the provider\'s key expires, or empty.')
  expiresOn: string
  @description('Days a value is valid after it was set, or 0.')
  rotationDays: int
}

@export()
@description('The rotation worker: a small Linux VM with no public IP in the private-endpoint subnet.')
type rotationWorkerType = {
  @description('VM size, e.g. Standard_B2s.')
  vmSize: string
  @description('Local admin user (SSH key only; no password).')
  adminUsername: string
  @description('OpenSSH public key (Azure requires one for a password-less Linux VM).')
  sshPublicKey: string
}

@export()
@description('Severity tiers: one action group each; alert processing rules route alerts to it by severity.')
type alertingType = {
  @description('The tiers; each Azure Monitor severity belongs to at most one.')
  @minLength(1)
  tiers: alertTierType[]
}

@export()
@description('One severity tier and its receivers.')
type alertTierType = {
  @description('Lowercase tier name; its action group is <names.actionGroup>-<name>.')
  name: string
  @description('Severities (0-4) the tier takes.')
  severities: int[]
  @description('E-mail receivers.')
  emails: string[]
  @description('SMS receivers.')
  sms: smsReceiverType[]
  @description('Name of the Key Vault secret holding the paging webhook URL; empty for none.')
  pagingWebhookSecret: string
  @description('Daily window (HH:mm:ss) during which the tier\'s notifications are suppressed, or null.')
  quietHours: quietHoursType?
}

@export()
@description('An SMS receiver.')
type smsReceiverType = {
  @description('Country calling code without +.')
  countryCode: string
  @description('National number, digits only.')
  phoneNumber: string
}

@export()
@description('A daily quiet window; start later than end crosses midnight.')
type quietHoursType = {
  @description('HH:mm:ss.')
  start: string
  @description('HH:mm:ss.')
  end: string
  @description('Time zone of the window, e.g. UTC.')
  timeZone: string
}

@export()
@description('The lake container layout, generated from templates/lakehouse.yaml (one container per layer, then the retention containers).')
type lakeLayoutType = {
  @description('Every container of the lake storage account.')
  containers: string[]
  @description('Containers holding Delta tables (one per layer), covered by the inventory.')
  deltaTableContainers: string[]
  @description('Container the blob inventory reports are written to.')
  inventoryContainer: string
  @description('Container of the Delta backups in the backup account.')
  backupContainer: string
}

@export()
@description('A diagnostic setting (AVM interface): where to send which log and metric categories.')
type diagnosticSettingType = {
  @description('Optional. Name of the setting; defaults to <resource>-diagnostics.')
  name: string?
  @description('Required. Log Analytics workspace resource id.')
  workspaceResourceId: string
  @description('Optional. Log categories; when empty the allLogs category group is used.')
  logCategories: string[]?
  @description('Optional. Metric categories, e.g. AllMetrics or Transaction.')
  metricCategories: string[]?
}

@export()
@description('Values an adopted resource keeps from before the toolkit (environment settings; see docs/deployment.md, "Adopting existing resources"). The target design is true, false, true, true.')
type adoptionType = {
  @description('Require infrastructure encryption on the lake account; false leaves the create-only property out, for an account created without it.')
  storageInfrastructureEncryption: bool
  @description('Allow account-key access to the lake; true while consumers of an adopted account still use the key.')
  storageAllowSharedKeyAccess: bool
  @description('Authorize the vault with Azure RBAC; false keeps an adopted vault on access policies.')
  keyVaultRbacAuthorization: bool
  @description('VNet-inject the workspace; false keeps an adopted workspace created without it.')
  databricksVnetInjection: bool
}
