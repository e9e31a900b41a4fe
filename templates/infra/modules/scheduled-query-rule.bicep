metadata name = 'Scheduled query rule'
metadata description = 'A log alert (KQL over a Log Analytics workspace) routed to action groups.'

@description('Required. Alert name.')
param name string

@description('Optional. Location; defaults to the resource group location.')
param location string = resourceGroup().location

@description('Required. What the alert means and what to do.')
param alertDescription string

@description('Required. Log Analytics workspace resource id the query runs against.')
param workspaceResourceId string

@description('Required. KQL query; each returned row counts towards the threshold.')
param query string

@description('Optional. Alert when the row count is greater than this.')
@minValue(0)
param threshold int = 0

@description('Required. Severity 0 (critical) to 4 (verbose): it picks the tier the alert processing rules route it to (alerting.tiers).')
@minValue(0)
@maxValue(4)
param severity int

@description('Optional. Evaluation frequency (ISO 8601); PT5M or slower (PT1M is a high-frequency query).')
param evaluationFrequency string = 'PT5M'

@description('Optional. Window size (ISO 8601).')
param windowSize string = 'PT15M'

@description('Optional. Resolve the alert automatically when the condition clears.')
param autoMitigate bool = true

@description('Optional. Action groups to notify directly; empty by default: the severity tiers\' alert processing rules route every alert of the resource group.')
param actionGroupResourceIds string[] = []

@description('Optional. Tags.')
param tags object = {}

resource rule 'Microsoft.Insights/scheduledQueryRules@2026-03-01' = {
  name: name
  location: location
  tags: tags
  kind: 'LogAlert'
  properties: {
    displayName: name
    description: alertDescription
    severity: severity
    enabled: true
    scopes: [
      workspaceResourceId
    ]
    evaluationFrequency: evaluationFrequency
    windowSize: windowSize
    autoMitigate: autoMitigate
    skipQueryValidation: false
    criteria: {
      allOf: [
        {
          query: query
          timeAggregation: 'Count'
          operator: 'GreaterThan'
          threshold: threshold
          failingPeriods: {
            numberOfEvaluationPeriods: 1
            minFailingPeriodsToAlert: 1
          }
        }
      ]
    }
    actions: {
      actionGroups: actionGroupResourceIds
    }
  }
}

@description('Alert name.')
output name string = rule.name

@description('Alert resource id.')
output resourceId string = rule.id
