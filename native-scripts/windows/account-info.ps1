# account-info: what Lockstep needs to know about a local account (used for takeover).
#
# Usage: account-info.ps1 <username>                                       (SYSTEM / admin)
# stdout, one JSON line: {"exists":bool,"uid":number|null,"disabled":bool,"managedFor":string|null}
# uid: the account's RID (the last part of its SID); Windows has no numeric uid.
# Exit codes: 0 printed · 2 invalid input · 6 not an administrator · 1 other.
param([string]$UserName)
. (Join-Path $PSScriptRoot 'lib\common.ps1')

Assert-Administrator
Assert-Username $UserName
$account = Get-LocalUser -Name $UserName -ErrorAction SilentlyContinue
if ($null -eq $account) {
  $info = [ordered]@{ exists = $false; uid = $null; disabled = $false; managedFor = $null }
} else {
  $info = [ordered]@{ exists = $true; uid = (Get-Rid $account); disabled = (-not $account.Enabled); managedFor = (Get-ManagedFor $account) }
}
[Console]::Out.WriteLine(($info | ConvertTo-Json -Compress))
