metadata name = 'Action group'
metadata description = 'An action group with e-mail receivers using the common alert schema.'

@description('Required. Action group name.')
param name string

@description('Required. Short name shown in notifications (at most 12 characters).')
@maxLength(12)
param shortName string

@description('Required. E-mail addresses that receive every alert.')
@minLength(1)
param emails string[]

@description('Optional. Tags.')
param tags object = {}

resource actionGroup 'Microsoft.Insights/actionGroups@2023-01-01' = {
  name: name
  location: 'global'
  tags: tags
  properties: {
    groupShortName: shortName
    enabled: true
    emailReceivers: [
      for (email, index) in emails: {
        name: 'email-${index}'
        emailAddress: email
        useCommonAlertSchema: true
      }
    ]
  }
}

@description('Action group name.')
output name string = actionGroup.name

@description('Action group resource id.')
output resourceId string = actionGroup.id
