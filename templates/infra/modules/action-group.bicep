metadata name = 'Action group'
metadata description = 'An action group of one severity tier: e-mail, SMS and an optional paging webhook whose URL arrives as a secure parameter (from Key Vault), all with the common alert schema.'

import { smsReceiverType } from '../types.bicep'

@description('Required. Action group name.')
param name string

@description('Required. Short name shown in SMS and e-mail (at most 12 characters).')
@maxLength(12)
param shortName string

@description('Optional. E-mail receivers.')
param emails string[] = []

@description('Optional. SMS receivers (at most 10; each number gets at most one SMS per 5 minutes).')
@maxLength(10)
param sms smsReceiverType[] = []

@description('Optional. Whether the group pages through a webhook (then pagingWebhookUrl is required).')
param pagingWebhook bool = false

@description('Optional. Paging webhook URL (PagerDuty, Opsgenie …): pass it with getSecret from Key Vault, never as a literal.')
@secure()
param pagingWebhookUrl string = ''

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
    smsReceivers: [
      for (receiver, index) in sms: {
        name: 'sms-${index}'
        countryCode: receiver.countryCode
        phoneNumber: receiver.phoneNumber
      }
    ]
    webhookReceivers: !pagingWebhook
      ? []
      : [
          {
            name: 'paging-webhook'
            serviceUri: pagingWebhookUrl
            useCommonAlertSchema: true
          }
        ]
  }
}

@description('Action group name.')
output name string = actionGroup.name

@description('Action group resource id.')
output resourceId string = actionGroup.id
