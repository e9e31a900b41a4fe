metadata name = 'Rotation worker'
metadata description = 'A Hybrid Runbook Worker inside the VNet: a small Linux VM with no public IP and a system-assigned identity, registered in a worker group of the Automation account with the extension-based (HybridWorkerForLinux) agent. Runbooks scheduled to run on the group reach the firewalled vault through its private endpoint.'

@description('Required. Name of the VM and of the worker group.')
param name string

@description('Optional. Location; defaults to the resource group location.')
param location string = resourceGroup().location

@description('Required. Automation account the worker group belongs to.')
param automationAccountName string

@description('Required. Subnet of the VM\'s NIC (the private-endpoint subnet, whose vault endpoint it resolves through the privatelink zone).')
param subnetResourceId string

@description('Required. VM size, e.g. Standard_B2s.')
param vmSize string

@description('Required. Local admin user (SSH key only).')
param adminUsername string

@description('Required. OpenSSH public key; password authentication is off.')
param sshPublicKey string

@description('Optional. Tags.')
param tags object = {}

resource automation 'Microsoft.Automation/automationAccounts@2024-10-23' existing = {
  name: automationAccountName
}

// No publicIPAddress: the NIC has a private address only; outbound to Azure Automation, Entra ID and Resource Manager
// goes through the subnet's egress (NAT gateway or firewall route).
resource nic 'Microsoft.Network/networkInterfaces@2025-01-01' = {
  name: '${name}-nic'
  location: location
  tags: tags
  properties: {
    ipConfigurations: [
      {
        name: 'ipconfig1'
        properties: {
          privateIPAllocationMethod: 'Dynamic'
          subnet: {
            id: subnetResourceId
          }
        }
      }
    ]
  }
}

// cloud-init: PowerShell 7 and the Az modules the rotation runbooks import (a hybrid worker runs them locally).
var cloudInit = '''#cloud-config
runcmd:
  - snap install powershell --classic
  - pwsh -NoProfile -Command "Install-Module Az.Accounts,Az.KeyVault,Az.Storage -Scope AllUsers -Force"
'''

resource vm 'Microsoft.Compute/virtualMachines@2025-04-01' = {
  name: name
  location: location
  tags: tags
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    hardwareProfile: {
      vmSize: vmSize
    }
    osProfile: {
      computerName: name
      adminUsername: adminUsername
      customData: base64(cloudInit)
      linuxConfiguration: {
        disablePasswordAuthentication: true
        ssh: {
          publicKeys: [
            {
              path: '/home/${adminUsername}/.ssh/authorized_keys'
              keyData: sshPublicKey
            }
          ]
        }
        patchSettings: {
          patchMode: 'AutomaticByPlatform'
          assessmentMode: 'AutomaticByPlatform'
        }
      }
    }
    storageProfile: {
      imageReference: {
        publisher: 'Canonical'
        offer: '0001-com-ubuntu-server-jammy'
        sku: '22_04-lts-gen2'
        version: 'latest'
      }
      osDisk: {
        createOption: 'FromImage'
        deleteOption: 'Delete'
        managedDisk: {
          storageAccountType: 'Standard_LRS'
        }
      }
    }
    networkProfile: {
      networkInterfaces: [
        {
          id: nic.id
          properties: {
            deleteOption: 'Delete'
          }
        }
      ]
    }
  }
}

resource workerGroup 'Microsoft.Automation/automationAccounts/hybridRunbookWorkerGroups@2024-10-23' = {
  parent: automation
  name: name
}

resource worker 'Microsoft.Automation/automationAccounts/hybridRunbookWorkerGroups/hybridRunbookWorkers@2024-10-23' = {
  parent: workerGroup
  name: guid(vm.id, workerGroup.id)
  properties: {
    vmResourceId: vm.id
  }
}

resource workerExtension 'Microsoft.Compute/virtualMachines/extensions@2025-04-01' = {
  parent: vm
  name: 'HybridWorkerExtension'
  location: location
  tags: tags
  properties: {
    publisher: 'Microsoft.Azure.Automation.HybridWorker'
    type: 'HybridWorkerForLinux'
    typeHandlerVersion: '1.1'
    autoUpgradeMinorVersion: true
    enableAutomaticUpgrade: true
    settings: {
      AutomationAccountURL: automation.properties.automationHybridServiceUrl
    }
  }
  dependsOn: [
    worker
  ]
}

@description('Worker group name: the jobSchedules\' runOn.')
output workerGroupName string = workerGroup.name

@description('VM resource id.')
output virtualMachineResourceId string = vm.id

@description('Principal id of the VM\'s system-assigned identity: runbooks on the worker sign in as it (Connect-AzAccount -Identity).')
output principalId string = vm.identity.principalId
