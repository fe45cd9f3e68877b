# Build the MASH Desktop workstation bundle on Windows (one folder, no Python needed where it
# runs), then check it with --version and --self-test.
#
#   powershell -ExecutionPolicy Bypass -File installer\build.ps1            # -> dist\mash-desktop
#   powershell -ExecutionPolicy Bypass -File installer\build.ps1 -Dist D:\out -NoCheck
#
# Needs Python 3.11+ from python.org (the "py" launcher) on the BUILD machine only. A build
# venv is made in .venv-build; set $env:MASH_BUILD_PYTHON to use an interpreter that already
# has the app's dependencies and PyInstaller.
param(
    [string]$Dist = "dist",
    [string]$Work = "build\pyinstaller",
    [switch]$NoCheck
)
$ErrorActionPreference = "Stop"
Set-Location (Split-Path -Parent $PSScriptRoot)

if ($env:MASH_BUILD_PYTHON) {
    $Py = $env:MASH_BUILD_PYTHON
} else {
    if (-not (Test-Path ".venv-build\Scripts\python.exe")) { py -3 -m venv .venv-build }
    $Py = ".venv-build\Scripts\python.exe"
    & $Py -m pip install -q --upgrade pip
    & $Py -m pip install -q -e ".[bundle]"
    if ($LASTEXITCODE -ne 0) { throw "pip install failed" }
}

$timer = [Diagnostics.Stopwatch]::StartNew()
& $Py -m PyInstaller --noconfirm --clean --log-level WARN --distpath $Dist --workpath $Work installer\mash_desktop.spec
if ($LASTEXITCODE -ne 0) { throw "PyInstaller failed" }
$bundle = Join-Path $Dist "mash-desktop"
$size = (Get-ChildItem $bundle -Recurse -File | Measure-Object -Property Length -Sum).Sum / 1MB
Write-Host ("Built {0} in {1:N0} s, {2:N0} MB." -f $bundle, $timer.Elapsed.TotalSeconds, $size)

if (-not $NoCheck) {
    # The console twin prints; mash-desktop.exe itself opens no console window.
    $cli = Join-Path $bundle "mash-desktop-cli.exe"
    & $cli --version
    if ($LASTEXITCODE -ne 0) { throw "--version failed" }
    & $cli --self-test
    if ($LASTEXITCODE -ne 0) { throw "the self-test failed" }
}
