# enable-account: undoes disable-account (Enable-LocalUser). Enabling an enabled account succeeds.
#
# Usage: enable-account.ps1 <username>                                     (SYSTEM / admin)
# Exit codes: 0 enabled · 2 invalid input · 3 no such account · 6 not an administrator, or a built-in account · 1 other.
param([string]$UserName)
. (Join-Path $PSScriptRoot 'lib\common.ps1')

Assert-Administrator
Assert-Username $UserName
$account = Get-PersonAccount $UserName
Enable-LocalUser -SID $account.SID
