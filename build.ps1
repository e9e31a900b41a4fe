#!/usr/bin/env pwsh
# Runs the ProjectScout.Build host on Windows or PowerShell: ./build.ps1 --target=<task> --environment=<env> ...
# A thin pass-through: every argument is forwarded as written and the exit code kept. PowerShell's own spellings
# (-WhatIf, -Target Validate, -Environment dev, -AllowDelete) are mapped to the real arguments by the host itself
# (ProjectScout.Build.Hosting/CommandLine.cs), where they are tested; an unknown one fails with "did you mean".
$ErrorActionPreference = 'Stop'
if (-not (Get-Command dotnet -ErrorAction SilentlyContinue)) {
    [Console]::Error.WriteLine('build.ps1: dotnet not found on PATH: install the .NET 10 SDK: https://dotnet.microsoft.com/download/dotnet/10.0 (or https://dot.net/v1/dotnet-install.ps1 -Channel 10.0)')
    exit 1
}

$project = Join-Path $PSScriptRoot 'build/ProjectScout.Build/ProjectScout.Build.csproj'
$dll = Join-Path $PSScriptRoot 'build/ProjectScout.Build/bin/Release/net10.0/ProjectScout.Build.dll'
if (Test-Path $dll) {
    # Incremental: MSBuild's own up-to-date check; silent unless something is wrong.
    dotnet build $project -c Release --nologo -v quiet '-clp:ErrorsOnly;WarningsOnly' | Write-Host
}
else {
    [Console]::Error.WriteLine('build.ps1: building the toolkit (first run)...')
    dotnet build $project -c Release --nologo -v minimal | Write-Host
}
if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }

Push-Location $PSScriptRoot
try {
    dotnet $dll @args
    exit $LASTEXITCODE
}
finally {
    Pop-Location
}
