#!/usr/bin/env pwsh
# Bootstrap of the Pipeline build on Windows/PowerShell: finds dotnet, compiles build/ only when a content hash
# of build/, the repository's projects it references and the MSBuild/NuGet files changed, then runs the compiled
# build directly with the arguments (same contract as build.sh; the same file is what `dotnet new pipeline` writes).
$ErrorActionPreference = 'Stop'
$Root = $PSScriptRoot
$Temp = Join-Path $Root '.nuke/temp'
$Bin = Join-Path $Temp 'bin'
$HashFile = Join-Path $Temp 'build.hash'

$Dotnet = (Get-Command dotnet -ErrorAction SilentlyContinue)?.Source
if (-not $Dotnet) {
    foreach ($candidate in @("$env:DOTNET_ROOT/dotnet", "$HOME/.dotnet/dotnet", "$env:ProgramFiles/dotnet/dotnet.exe")) {
        if (Test-Path $candidate) { $Dotnet = $candidate; break }
    }
}
if (-not $Dotnet) {
    Write-Error "The .NET SDK 10 was not found (not on PATH, DOTNET_ROOT, ~/.dotnet or Program Files). Install it, then run ./build.ps1 again."
    exit 2
}
$env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'; $env:DOTNET_NOLOGO = '1'

# build/ and the top folders of the repository's own projects it references (src/ in ../src/X/X.csproj)
$folders = @('build')
$csproj = Join-Path $Root 'build/_build.csproj'
if (Test-Path $csproj) {
    $folders += Select-String -Path $csproj -Pattern 'ProjectReference Include="\.\.[/\\]([^/\\"]+)[/\\]' -AllMatches |
        ForEach-Object { $_.Matches } | ForEach-Object { $_.Groups[1].Value } | Where-Object { Test-Path (Join-Path $Root $_) }
}
$sources = $folders | Select-Object -Unique | ForEach-Object { Get-ChildItem (Join-Path $Root $_) -Recurse -File -Include *.cs, *.csproj, *.props, *.targets } |
    Where-Object { $_.FullName -notmatch '[\\/](bin|obj)[\\/]' } | Sort-Object FullName
$sources += @('Directory.Build.props', 'Directory.Packages.props', 'global.json', 'NuGet.config') | Where-Object { Test-Path (Join-Path $Root $_) } | ForEach-Object { Get-Item (Join-Path $Root $_) }
$hash = ($sources | ForEach-Object { (Get-FileHash $_.FullName -Algorithm SHA256).Hash }) -join "`n"
$hash = (Get-FileHash -InputStream ([IO.MemoryStream]::new([Text.Encoding]::UTF8.GetBytes($hash))) -Algorithm SHA256).Hash

$exe = if ($IsWindows -or $env:OS -eq 'Windows_NT') { Join-Path $Bin '_build.exe' } else { Join-Path $Bin '_build' }
if (-not (Test-Path $exe) -or -not (Test-Path $HashFile) -or (Get-Content $HashFile -Raw).Trim() -ne $hash) {
    Write-Host "Compiling the build (a source of it changed: $($folders -join ' '))..."
    New-Item -ItemType Directory -Force $Temp | Out-Null
    & $Dotnet build (Join-Path $Root 'build/_build.csproj') -c Release -o $Bin -nologo -v q *> (Join-Path $Temp 'build-compile.log')
    if ($LASTEXITCODE -ne 0) {
        Get-Content (Join-Path $Temp 'build-compile.log') | Write-Host
        Write-Error 'Compiling build/_build.csproj failed (full log: .nuke/temp/build-compile.log).'
        exit 2
    }
    Set-Content $HashFile $hash
}

& $exe @args
exit $LASTEXITCODE
