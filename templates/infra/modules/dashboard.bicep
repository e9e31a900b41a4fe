metadata name = 'Portal dashboard'
metadata description = 'A shared Azure portal dashboard built from tiles; the caller builds tiles from real resource ids.'

@description('A dashboard tile: position, size and the part definition (metadata of a dashboard part).')
type tileType = {
  @description('Required. Column (0-based).')
  x: int
  @description('Required. Row (0-based).')
  y: int
  @description('Required. Width in grid cells.')
  colSpan: int
  @description('Required. Height in grid cells.')
  rowSpan: int
  @description('Required. Part metadata (type, inputs, settings).')
  metadata: object
}

@description('Required. Dashboard name.')
param name string

@description('Optional. Location; defaults to the resource group location.')
param location string = resourceGroup().location

@description('Required. Title shown in the portal.')
param title string

@description('Required. Tiles.')
param tiles tileType[]

@description('Optional. Tags (hidden-title is added).')
param tags object = {}

resource dashboard 'Microsoft.Portal/dashboards@2025-04-01-preview' = {
  name: name
  location: location
  tags: union(tags, { 'hidden-title': title })
  properties: {
    lenses: [
      {
        order: 0
        parts: [
          for tile in tiles: {
            position: {
              x: tile.x
              y: tile.y
              colSpan: tile.colSpan
              rowSpan: tile.rowSpan
            }
            metadata: tile.metadata
          }
        ]
      }
    ]
    metadata: {
      model: {
        timeRange: {
          value: {
            relative: {
              duration: 24
              timeUnit: 1
            }
          }
          type: 'MsPortalFx.Composition.Configuration.ValueTypes.TimeRange'
        }
      }
    }
  }
}

@description('Dashboard name.')
output name string = dashboard.name

@description('Dashboard resource id.')
output resourceId string = dashboard.id
