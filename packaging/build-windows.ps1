<#
.SYNOPSIS
Build the kcp-pos Windows installer: dist\kcp-pos\ (PyInstaller) and
dist\kcp-pos-<version>-setup.exe (Inno Setup 6.3 or later).

.DESCRIPTION
Run from anywhere with Windows PowerShell 5.1 or PowerShell 7, with Python 3.11 and Inno
Setup 6 installed:
    powershell -ExecutionPolicy Bypass -File packaging\build-windows.ps1
A fresh build environment under build\packaging\ gets the pinned, hash-checked dependencies of
packaging\requirements.lock; PyInstaller runs packaging\kcp-pos.spec; the bundle is smoke-tested
(the app offscreen in Korean and English, the training server's token request) before ISCC
packs it.

.PARAMETER Python
The Python 3.11 to make the build environment with (default: the "py -3.11" launcher, else
python on PATH).

.PARAMETER Iscc
ISCC.exe (default: $env:ISCC, ISCC on PATH, or Inno Setup 6's usual install folders).
#>
[CmdletBinding()]
param(
    [string]$Python = "",
    [string]$Iscc = ""
)

$ErrorActionPreference = "Stop"
Set-StrictMode -Version Latest
$Root = Split-Path -Parent $PSScriptRoot
Set-Location $Root

function Invoke-Native {
    # Run a program; a non-zero exit code stops the build (PowerShell 5.1 does not).
    param([Parameter(Mandatory)][string]$FilePath, [string[]]$Arguments = @())
    & $FilePath @Arguments
    if ($LASTEXITCODE -ne 0) {
        throw "$FilePath $($Arguments -join ' ') exited $LASTEXITCODE"
    }
}

function Find-Python {
    if ($Python) { return @($Python) }
    if (Get-Command py -ErrorAction SilentlyContinue) { return @("py", "-3.11") }
    return @("python")
}

function Find-Iscc {
    $candidates = @(
        $Iscc,
        $env:ISCC,
        (Get-Command ISCC.exe -ErrorAction SilentlyContinue | Select-Object -ExpandProperty Source -First 1),
        (Join-Path ${env:ProgramFiles(x86)} "Inno Setup 6\ISCC.exe"),
        (Join-Path $env:ProgramFiles "Inno Setup 6\ISCC.exe"),
        (Join-Path $env:LOCALAPPDATA "Programs\Inno Setup 6\ISCC.exe")
    )
    foreach ($candidate in $candidates) {
        if ($candidate -and (Test-Path $candidate -PathType Leaf)) { return $candidate }
    }
    throw "ISCC.exe (Inno Setup 6) not found: install it (winget install JRSoftware.InnoSetup) or pass -Iscc"
}

$Build = "build\packaging"
$Venv = "$Build\venv"
$VenvPython = "$Venv\Scripts\python.exe"
foreach ($old in @($Venv, "$Build\licenses", "$Build\work", "dist\kcp-pos")) {
    if (Test-Path $old) { Remove-Item -Recurse -Force $old }
}

$pythonCommand = @(Find-Python)
$pythonArguments = @()
if ($pythonCommand.Count -gt 1) { $pythonArguments = $pythonCommand[1..($pythonCommand.Count - 1)] }
Invoke-Native $pythonCommand[0] ($pythonArguments + @("-m", "venv", $Venv))
# Every distribution pinned with its hashes; the app itself from this checkout without
# dependencies (they are all in the lock) and without build isolation (setuptools is pinned too).
Invoke-Native $VenvPython @("-m", "pip", "install", "-q", "--require-hashes", "-r", "packaging\requirements.lock")
Invoke-Native $VenvPython @("-m", "pip", "install", "-q", "--no-deps", "--no-build-isolation", ".")

$Version = (& $VenvPython -c "import kcp_pos; print(kcp_pos.__version__)").Trim()
if ($LASTEXITCODE -ne 0 -or -not $Version) { throw "could not read kcp_pos.__version__" }
$NumericVersion = (& $VenvPython packaging\windows\version_info.py --numeric $Version).Trim()
if ($LASTEXITCODE -ne 0) { throw "could not make a Windows version of $Version" }
Write-Host "build-windows: kcp-pos $Version ($NumericVersion)"

# The executables' version resource: the spec passes this file to PyInstaller as version=.
Invoke-Native $VenvPython @("packaging\windows\version_info.py", $Version, "$Build\windows-version.txt")

# Licences: the LGPL/GPL texts kept in resources\licenses\ and the third-party notices written
# from the installed distributions (the same step as build-linux).
New-Item -ItemType Directory -Force "$Build\licenses" | Out-Null
Copy-Item "resources\licenses\*.txt" "$Build\licenses\"
Invoke-Native $VenvPython @("packaging\make_notices.py", "$Build\licenses")

Invoke-Native "$Venv\Scripts\pyinstaller.exe" @(
    "--noconfirm", "--log-level", "WARN", "--distpath", "dist", "--workpath", "$Build\work",
    "packaging\kcp-pos.spec"
)
if (-not (Test-Path "dist\kcp-pos\kcp-pos.exe")) { throw "dist\kcp-pos\kcp-pos.exe was not made" }

# The bundled app (offscreen, Korean and English) and its training server, before packing.
Invoke-Native $VenvPython @("packaging\check_bundle.py", "dist\kcp-pos")

$IsccPath = Find-Iscc
Invoke-Native $IsccPath @(
    "/Q", "/DAppVersion=$Version", "/DAppNumericVersion=$NumericVersion",
    "packaging\windows\kcp-pos.iss"
)
$Setup = "dist\kcp-pos-$Version-setup.exe"
if (-not (Test-Path $Setup)) { throw "$Setup was not made" }
$SizeMb = [math]::Round((Get-Item $Setup).Length / 1MB, 1)
Write-Host "build-windows: $Setup ($SizeMb MB)"
