#!/usr/bin/env pwsh
# Runs the ProjectScout.Build host on Windows or PowerShell: ./build.ps1 --target=<task> --environment=<env> ...
# Every argument is forwarded and the exit code kept.
$ErrorActionPreference = 'Stop'
Push-Location $PSScriptRoot
try {
    dotnet run --project build/ProjectScout.Build/ProjectScout.Build.csproj -c Release -- @args
    exit $LASTEXITCODE
}
finally {
    Pop-Location
}
