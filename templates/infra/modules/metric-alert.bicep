metadata name = 'Metric alert'
metadata description = 'A static-threshold metric alert routed to action groups, auto-mitigating.'

@description('Required. Alert name.')
param name string

@description('Required. What the alert means and what to do.')
param alertDescription string

@description('Required. Resource ids the alert watches.')
param scopes string[]

@description('Required. Metric namespace, e.g. Microsoft.Storage/storageAccounts.')
param metricNamespace string

@description('Required. Metric name, e.g. UsedCapacity.')
param metricName string

@description('Required. Aggregation.')
@allowed([
  'Average'
  'Minimum'
  'Maximum'
  'Total'
  'Count'
])
param timeAggregation string

@description('Required. Comparison.')
@allowed([
  'GreaterThan'
  'GreaterThanOrEqual'
  'LessThan'
  'LessThanOrEqual'
])
param operator string

@description('Required. Threshold, in the metric\'s unit (bytes for UsedCapacity).')
param threshold int

@description('Required. Severity 0 (critical) to 4 (verbose): it picks the tier the alert processing rules route it to (alerting.tiers).')
@minValue(0)
@maxValue(4)
param severity int

@description('Optional. Evaluation frequency (ISO 8601).')
param evaluationFrequency string = 'PT1H'

@description('Optional. Window size (ISO 8601).')
param windowSize string = 'PT1H'

@description('Optional. Action groups to notify directly; empty by default: the severity tiers\' alert processing rules route every alert of the resource group.')
param actionGroupResourceIds string[] = []

@description('Optional. Tags.')
param tags object = {}

resource alert 'Microsoft.Insights/metricAlerts@2026-01-01' = {
  name: name
  location: 'global'
  tags: tags
  properties: {
    description: alertDescription
    severity: severity
    enabled: true
    scopes: scopes
    evaluationFrequency: evaluationFrequency
    windowSize: windowSize
    autoMitigate: true
    criteria: {
      'odata.type': 'Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria'
      allOf: [
        {
          criterionType: 'StaticThresholdCriterion'
          name: metricName
          metricNamespace: metricNamespace
          metricName: metricName
          timeAggregation: timeAggregation
          operator: operator
          threshold: threshold
        }
      ]
    }
    actions: [
      for groupId in actionGroupResourceIds: {
        actionGroupId: groupId
      }
    ]
  }
}

@description('Alert name.')
output name string = alert.name

@description('Alert resource id.')
output resourceId string = alert.id
