<#
.SYNOPSIS
    Installs or updates RecAce as a Windows service.

.DESCRIPTION
    Run from an elevated PowerShell 7 (or Windows PowerShell 5.1) beside a folder made by
    `packaging/publish.sh win-x64 <folder>`. The script:
      - copies the program to -InstallDirectory (an update keeps the data and the configuration);
      - creates -DataDirectory readable only by SYSTEM, Administrators and the service's own
        virtual account (NT SERVICE\<ServiceName>): recordings are evidence;
      - writes <DataDirectory>\appsettings.json once (DataDirectory, Urls, Asia/Tokyo) and points the
        service at it with RECACE_CONFIG; later runs never overwrite it;
      - registers the service (automatic start, delayed), restarts it after a failure (1 min, 1 min,
        10 min; counter reset daily), optionally opens the SIP port in Windows Firewall, starts it,
        and waits for /healthz.
    -WhatIf shows every step without changing anything.

.EXAMPLE
    .\Install-RecAce.ps1 -Source .\recace-win-x64
.EXAMPLE
    .\Install-RecAce.ps1 -Source .\recace-win-x64 -Urls http://0.0.0.0:5080 -OpenSipPort -WhatIf
#>
[CmdletBinding(SupportsShouldProcess = $true)]
param(
    [Parameter(Mandatory = $true)][string]$Source,
    [string]$InstallDirectory = (Join-Path $env:ProgramFiles 'RecAce'),
    [string]$DataDirectory = (Join-Path $env:ProgramData 'RecAce'),
    [string]$ServiceName = 'RecAce',
    [string]$Urls = 'http://127.0.0.1:5080',
    [switch]$OpenSipPort,
    [int]$SipPort = 5060,
    [int]$HealthTimeoutSeconds = 60
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

function Fail([string]$message) {
    Write-Error "Install-RecAce: $message" -ErrorAction Continue
    exit 2
}

# Defaults come from Windows environment variables; elsewhere (a dry run on Linux) they are empty.
if ([string]::IsNullOrWhiteSpace($InstallDirectory) -or [string]::IsNullOrWhiteSpace($DataDirectory)) {
    Fail 'give -InstallDirectory and -DataDirectory (ProgramFiles/ProgramData are not set on this system)'
}

$Source = [System.IO.Path]::GetFullPath($Source)
$binary = Join-Path $Source 'recace.exe'
if (-not (Test-Path -LiteralPath $binary -PathType Leaf)) {
    Fail "no recace.exe in $Source; publish first: packaging/publish.sh win-x64 <folder>"
}
if ($ServiceName -notmatch '^[A-Za-z][A-Za-z0-9_-]{0,63}$') { Fail "service name '$ServiceName' is not a plain name" }
if ($Urls -notmatch '^https?://') { Fail "-Urls must start with http:// or https:// (got '$Urls')" }

$onWindows = [System.Environment]::OSVersion.Platform -eq [System.PlatformID]::Win32NT
if ($onWindows -and -not $WhatIfPreference) {
    $principal = New-Object Security.Principal.WindowsPrincipal([Security.Principal.WindowsIdentity]::GetCurrent())
    if (-not $principal.IsInRole([Security.Principal.WindowsBuiltInRole]::Administrator)) { Fail 'run this from an elevated PowerShell (Run as administrator)' }
}

$account = "NT SERVICE\$ServiceName"
$config = Join-Path $DataDirectory 'appsettings.json'
$target = Join-Path $InstallDirectory 'recace.exe'
$existing = if (Get-Command Get-Service -ErrorAction SilentlyContinue) { Get-Service -Name $ServiceName -ErrorAction SilentlyContinue } else { $null }

if ($existing -and $existing.Status -ne 'Stopped' -and $PSCmdlet.ShouldProcess($ServiceName, 'Stop the running service for the update')) {
    Stop-Service -Name $ServiceName -Force
    $existing.WaitForStatus('Stopped', [TimeSpan]::FromSeconds(60))
}

if ($PSCmdlet.ShouldProcess($InstallDirectory, "Copy the program from $Source")) {
    New-Item -ItemType Directory -Force -Path $InstallDirectory | Out-Null
    # The configuration lives in the data folder: a program update never touches it.
    Get-ChildItem -LiteralPath $Source -Force | Where-Object { $_.Name -ne 'appsettings.json' } |
        Copy-Item -Destination $InstallDirectory -Recurse -Force
}

if ($PSCmdlet.ShouldProcess($DataDirectory, "Create the data folder, readable only by SYSTEM, Administrators and $account")) {
    New-Item -ItemType Directory -Force -Path $DataDirectory | Out-Null
    if ($onWindows) {
        # Inheritance off and explicit grants: Users must not read recordings.
        & icacls.exe $DataDirectory /inheritance:r /grant:r '*S-1-5-18:(OI)(CI)F' '*S-1-5-32-544:(OI)(CI)F' "${account}:(OI)(CI)M" | Out-Null
        if ($LASTEXITCODE -ne 0) { Fail "icacls could not set the permissions of $DataDirectory" }
    }
}

if (-not (Test-Path -LiteralPath $config)) {
    if ($PSCmdlet.ShouldProcess($config, 'Write the first configuration')) {
        $settings = [ordered]@{
            Urls   = $Urls
            RecAce = [ordered]@{ DataDirectory = $DataDirectory; TimeZone = 'Asia/Tokyo' }
        }
        $settings | ConvertTo-Json -Depth 4 | Set-Content -LiteralPath $config -Encoding utf8
    }
}

$binaryPath = "`"$target`" serve"
if ($existing) {
    if ($PSCmdlet.ShouldProcess($ServiceName, "Point the service at $binaryPath")) {
        & sc.exe config $ServiceName binPath= $binaryPath | Out-Null
    }
}
elseif ($PSCmdlet.ShouldProcess($ServiceName, "Create the service: $binaryPath, automatic (delayed) start, account $account")) {
    New-Service -Name $ServiceName -BinaryPathName $binaryPath -DisplayName 'RecAce call recording' -StartupType Automatic `
        -Description 'Records telephone calls as evidence (RecAce).' | Out-Null
    & sc.exe config $ServiceName obj= $account start= delayed-auto | Out-Null
    if ($LASTEXITCODE -ne 0) { Fail "sc.exe could not set the service account $account" }
}

if ($PSCmdlet.ShouldProcess($ServiceName, "Set RECACE_CONFIG=$config and restart after failures (1 min, 1 min, 10 min)")) {
    $key = "HKLM:\SYSTEM\CurrentControlSet\Services\$ServiceName"
    New-ItemProperty -Path $key -Name Environment -PropertyType MultiString -Value @("RECACE_CONFIG=$config") -Force | Out-Null
    & sc.exe failure $ServiceName reset= 86400 actions= restart/60000/restart/60000/restart/600000 | Out-Null
    & sc.exe failureflag $ServiceName 1 | Out-Null
}

if ($OpenSipPort -and $PSCmdlet.ShouldProcess("SIP port $SipPort", 'Allow UDP and TCP in Windows Firewall')) {
    foreach ($protocol in 'UDP', 'TCP') {
        $name = "RecAce SIP $protocol $SipPort"
        if (-not (Get-NetFirewallRule -DisplayName $name -ErrorAction SilentlyContinue)) {
            New-NetFirewallRule -DisplayName $name -Direction Inbound -Protocol $protocol -LocalPort $SipPort -Action Allow -Program $target | Out-Null
        }
    }
}

if ($PSCmdlet.ShouldProcess($ServiceName, "Start the service and wait up to $HealthTimeoutSeconds s for /healthz")) {
    Start-Service -Name $ServiceName
    $health = ($Urls -replace '0\.0\.0\.0', '127.0.0.1').TrimEnd('/') + '/healthz'
    $deadline = (Get-Date).AddSeconds($HealthTimeoutSeconds)
    while ((Get-Date) -lt $deadline) {
        try {
            $response = Invoke-WebRequest -Uri $health -UseBasicParsing -TimeoutSec 5
            Write-Output "RecAce is running: $health answered $($response.StatusCode). Open $($Urls.TrimEnd('/'))/ to create the first administrator."
            exit 0
        }
        catch {
            # 503 (a part degraded, e.g. no ffmpeg yet) still means the server answers.
            if ($_.Exception.Response) {
                Write-Warning "RecAce answers but reports a problem: see $health (ffmpeg must be on PATH or set in RecAce:Ffmpeg:FfmpegPath)."
                exit 0
            }
            Start-Sleep -Seconds 2
        }
    }
    Fail "the service did not answer $health within $HealthTimeoutSeconds s; see the Windows event log (Application, source RecAce)"
}
