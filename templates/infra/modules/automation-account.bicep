metadata name = 'Automation account'
metadata description = 'An Automation account with a system-assigned identity, local auth disabled, PowerShell runbooks (drafts: ARM cannot carry runbook text; the deployer publishes templates/infra/runbooks/<name>.ps1) and schedules.'

import { diagnosticSettingType } from '../types.bicep'

@description('A runbook.')
type runbookType = {
  @description('Required. Runbook name; its text is templates/infra/runbooks/<name>.ps1.')
  name: string
  @description('Required. What it does.')
  description: string
}

@description('A schedule.')
type scheduleType = {
  @description('Required. Schedule name.')
  name: string
  @description('Required. What it triggers.')
  description: string
  @description('Required. First run (ISO 8601, in the future).')
  startTime: string
  @description('Required. Days between runs.')
  intervalDays: int
}

@description('Required. Account name.')
param name string

@description('Optional. Location; defaults to the resource group location.')
param location string = resourceGroup().location

@description('Required. Runbooks.')
param runbooks runbookType[]

@description('Required. Schedules.')
param schedules scheduleType[]

@description('Optional. Diagnostic settings (JobLogs, JobStreams and the other categories).')
param diagnosticSettings diagnosticSettingType[] = []

@description('Optional. Tags.')
param tags object = {}

resource account 'Microsoft.Automation/automationAccounts@2024-10-23' = {
  name: name
  location: location
  tags: tags
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    sku: {
      name: 'Basic'
    }
    disableLocalAuth: true
    publicNetworkAccess: true
  }
}

resource accountRunbooks 'Microsoft.Automation/automationAccounts/runbooks@2024-10-23' = [
  for runbook in runbooks: {
    parent: account
    name: runbook.name
    location: location
    tags: tags
    properties: {
      description: runbook.description
      runbookType: 'PowerShell72'
      logProgress: true
      logVerbose: false
    }
  }
]

resource accountSchedules 'Microsoft.Automation/automationAccounts/schedules@2024-10-23' = [
  for schedule in schedules: {
    parent: account
    name: schedule.name
    properties: {
      description: schedule.description
      startTime: schedule.startTime
      frequency: 'Day'
      interval: schedule.intervalDays
      timeZone: 'Etc/UTC'
    }
  }
]

#disable-next-line use-recent-api-versions
resource accountDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = [
  for setting in diagnosticSettings: {
    name: setting.?name ?? '${name}-diagnostics'
    scope: account
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

@description('Account name.')
output name string = account.name

@description('Account resource id.')
output resourceId string = account.id

@description('Principal id of the system-assigned identity (for role assignments).')
output systemAssignedMIPrincipalId string = account.identity.principalId

@description('Runbook resource ids, in the order of the runbooks parameter.')
output runbookResourceIds string[] = [for (runbook, index) in runbooks: accountRunbooks[index].id]
