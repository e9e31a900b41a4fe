metadata name = 'Severity tiers'
metadata description = 'One action group per severity tier and the alert processing rules that route alerts to it by severity (resource-group scope), with a suppression rule for a tier\'s quiet hours. The paging webhook URL is read from Key Vault (getSecret into a secure parameter) and never appears in the repository, the parameters or the deployment history.'

import { alertingType } from '../types.bicep'
import { tierActionGroupName, tierRoutingRuleName, tierQuietHoursRuleName } from '../naming.bicep'

@description('Required. Base name of the tier action groups and rules (names.actionGroup).')
param actionGroup string

@description('Required. Name of the Key Vault holding the paging webhook secrets.')
param keyVaultName string

@description('Required. The severity tiers from the environment file.')
param alerting alertingType

@description('Required. Tags.')
param tags object

resource vault 'Microsoft.KeyVault/vaults@2025-05-01' existing = {
  name: keyVaultName
}

// getSecret is only allowed as a module parameter, so the tiers with a paging webhook and those without are two loops.
var pagingTiers = filter(alerting.tiers, tier => !empty(tier.pagingWebhookSecret))
var plainTiers = filter(alerting.tiers, tier => empty(tier.pagingWebhookSecret))

module pagingGroups 'action-group.bicep' = [
  for tier in pagingTiers: {
    name: 'alerting-ag-${tier.name}'
    params: {
      name: tierActionGroupName(actionGroup, tier.name)
      shortName: take('Juicer${tier.name}', 12)
      emails: tier.emails
      sms: tier.sms
      pagingWebhook: true
      pagingWebhookUrl: vault.getSecret(tier.pagingWebhookSecret)
      tags: tags
    }
  }
]

module plainGroups 'action-group.bicep' = [
  for tier in plainTiers: {
    name: 'alerting-ag-${tier.name}'
    params: {
      name: tierActionGroupName(actionGroup, tier.name)
      shortName: take('Juicer${tier.name}', 12)
      emails: tier.emails
      sms: tier.sms
      tags: tags
    }
  }
]

// Subscription-scoped alert processing rules keyed on Severity add each tier's group to the alerts of this resource
// group, instead of wiring groups into every alert rule (operations-and-dr.md §4.3).
resource routes 'Microsoft.AlertsManagement/actionRules@2021-08-08' = [
  for tier in alerting.tiers: {
    name: tierRoutingRuleName(actionGroup, tier.name)
    location: 'Global'
    tags: tags
    properties: {
      description: 'Routes severities ${join(map(tier.severities, s => 'Sev${s}'), ', ')} of this resource group to the ${tier.name} tier.'
      enabled: true
      scopes: [
        resourceGroup().id
      ]
      conditions: [
        {
          field: 'Severity'
          operator: 'Equals'
          values: map(tier.severities, s => 'Sev${s}')
        }
      ]
      actions: [
        {
          actionType: 'AddActionGroups'
          actionGroupIds: [
            resourceId('Microsoft.Insights/actionGroups', tierActionGroupName(actionGroup, tier.name))
          ]
        }
      ]
    }
    dependsOn: [
      pagingGroups
      plainGroups
    ]
  }
]

// Quiet hours: a daily RemoveAllActionGroups window on the tier's severities (suppression beats the routing rule). A
// window crossing midnight is two recurrences, each within one day.
var quietTiers = filter(alerting.tiers, tier => tier.?quietHours != null)

resource quietHours 'Microsoft.AlertsManagement/actionRules@2021-08-08' = [
  for tier in quietTiers: {
    name: tierQuietHoursRuleName(actionGroup, tier.name)
    location: 'Global'
    tags: tags
    properties: {
      description: 'Suppresses the ${tier.name} tier\'s notifications daily from ${tier.quietHours!.start} to ${tier.quietHours!.end} (${tier.quietHours!.timeZone}).'
      enabled: true
      scopes: [
        resourceGroup().id
      ]
      conditions: [
        {
          field: 'Severity'
          operator: 'Equals'
          values: map(tier.severities, s => 'Sev${s}')
        }
      ]
      schedule: {
        timeZone: tier.quietHours!.timeZone
        recurrences: tier.quietHours!.start < tier.quietHours!.end
          ? [
              {
                recurrenceType: 'Daily'
                startTime: tier.quietHours!.start
                endTime: tier.quietHours!.end
              }
            ]
          : [
              {
                recurrenceType: 'Daily'
                startTime: tier.quietHours!.start
                endTime: '23:59:59'
              }
              {
                recurrenceType: 'Daily'
                startTime: '00:00:00'
                endTime: tier.quietHours!.end
              }
            ]
      }
      actions: [
        {
          actionType: 'RemoveAllActionGroups'
        }
      ]
    }
  }
]

@description('Action group resource ids, one per tier, in the order of alerting.tiers.')
output actionGroupResourceIds string[] = [for tier in alerting.tiers: resourceId('Microsoft.Insights/actionGroups', tierActionGroupName(actionGroup, tier.name))]
