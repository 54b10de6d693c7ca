# Dot-sourced by every Windows script: exit codes, the username rule, stdin, account lookups and
# the managed marker. Windows PowerShell 5.1. Exit codes are the table in native-scripts/README.md.
Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'

$ExitOk = 0; $ExitFailed = 1; $ExitInvalid = 2; $ExitNoAccount = 3; $ExitWrongPrevious = 4
$ExitPolicy = 5; $ExitNotPermitted = 6; $ExitNotSupported = 7; $ExitConflict = 8
$ManagedDir = Join-Path $env:ProgramData 'Lockstep\managed'
# Only these may own the marker directory and files: LocalSystem and the Administrators group.
$TrustedOwnerSids = @('S-1-5-18', 'S-1-5-32-544')

function Stop-WithCode([int]$Code, [string]$Reason) {
  [Console]::Error.WriteLine($Reason)
  exit $Code
}

# Same rule as src-shared/device-username.ts.
function Assert-Username([string]$Name) {
  if ($Name -cnotmatch '^[A-Za-z][A-Za-z0-9._-]{0,29}$') {
    Stop-WithCode $ExitInvalid "invalid username `"$Name`": it must start with a letter and use at most 30 letters, digits, '-', '.' or '_'"
  }
}

function Assert-UserId([string]$Id) {
  if ($Id -cnotmatch '^[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}$') {
    Stop-WithCode $ExitInvalid "invalid Lockstep user id `"$Id`": use at most 128 letters, digits, '.', '_', ':', '@' or '-'"
  }
}

function Assert-Administrator {
  $principal = New-Object Security.Principal.WindowsPrincipal ([Security.Principal.WindowsIdentity]::GetCurrent())
  if (-not $principal.IsInRole([Security.Principal.WindowsBuiltInRole]::Administrator)) {
    Stop-WithCode $ExitNotPermitted 'this script must run as SYSTEM or an administrator'
  }
}

# Reads one line of UTF-8 stdin; never echoed.
function Read-SecretLine([string]$What) {
  [Console]::InputEncoding = New-Object Text.UTF8Encoding $false
  $line = [Console]::In.ReadLine()
  if ($null -eq $line -or $line.Length -eq 0) { Stop-WithCode $ExitInvalid "expected $What on stdin, one per line" }
  if ($line.Length -gt 1024) { Stop-WithCode $ExitInvalid "$What is longer than 1024 characters" }
  return $line
}

function Get-Account([string]$Name) {
  $account = Get-LocalUser -Name $Name -ErrorAction SilentlyContinue
  if ($null -eq $account) { Stop-WithCode $ExitNoAccount "no local account named `"$Name`"" }
  return $account
}

function Get-Rid($Account) { return [int]($Account.SID.Value.Split('-')[-1]) }

# Built-in accounts (Administrator 500, Guest 501, DefaultAccount 503, WDAGUtilityAccount 504).
function Get-PersonAccount([string]$Name) {
  $account = Get-Account $Name
  if ((Get-Rid $account) -lt 1000) { Stop-WithCode $ExitNotPermitted "`"$Name`" is a built-in account; Lockstep does not change it" }
  return $account
}

function Get-PrincipalContext {
  Add-Type -AssemblyName System.DirectoryServices.AccountManagement
  return New-Object DirectoryServices.AccountManagement.PrincipalContext ([DirectoryServices.AccountManagement.ContextType]::Machine)
}

function Get-UserPrincipal($Context, $Account) {
  return [DirectoryServices.AccountManagement.UserPrincipal]::FindByIdentity(
    $Context, [DirectoryServices.AccountManagement.IdentityType]::Sid, $Account.SID.Value)
}

# The HRESULTs along an exception chain (PowerShell wraps .NET exceptions).
function Get-HResults($Exception) {
  $codes = @()
  while ($null -ne $Exception) { $codes += $Exception.HResult; $Exception = $Exception.InnerException }
  return $codes
}

function Test-TrustedOwner([string]$Path) {
  $owner = (Get-Acl -LiteralPath $Path).GetOwner([Security.Principal.SecurityIdentifier]).Value
  return $TrustedOwnerSids -contains $owner
}

# The Lockstep user id the account is managed for, or $null. A marker is believed only when an
# administrator owns it and its SID matches (a same-named account made later does not inherit it).
function Get-ManagedFor($Account) {
  $marker = Join-Path $ManagedDir $Account.Name
  if (-not (Test-Path -LiteralPath $marker)) { return $null }
  if (-not (Test-TrustedOwner $marker)) { return $null }
  $values = @{}
  foreach ($line in Get-Content -LiteralPath $marker) {
    $key, $value = $line -split '=', 2
    $values[$key] = $value
  }
  if ($values['sid'] -ne $Account.SID.Value) { return $null }
  return $values['userId']
}

# Users may create folders under ProgramData, so the directory's ACL and owner are reset each time.
function Write-Marker($Account, [string]$UserId) {
  New-Item -ItemType Directory -Path $ManagedDir -Force | Out-Null
  $acl = New-Object Security.AccessControl.DirectorySecurity
  $acl.SetAccessRuleProtection($true, $false)
  $acl.SetOwner((New-Object Security.Principal.SecurityIdentifier 'S-1-5-32-544'))
  foreach ($sid in $TrustedOwnerSids) {
    $rule = New-Object Security.AccessControl.FileSystemAccessRule(
      (New-Object Security.Principal.SecurityIdentifier $sid), 'FullControl', 'ContainerInherit,ObjectInherit', 'None', 'Allow')
    $acl.AddAccessRule($rule)
  }
  Set-Acl -LiteralPath $ManagedDir -AclObject $acl
  $marker = Join-Path $ManagedDir $Account.Name
  Set-Content -LiteralPath $marker -Value @("userId=$UserId", "sid=$($Account.SID.Value)") -Encoding ASCII
}
