# disable-account: no login by any method; the account and its profile stay.
#
# Usage: disable-account.ps1 <username>                                    (SYSTEM / admin)
# Disable-LocalUser: a disabled local account cannot sign in by password, PIN, Hello or RDP.
# Disabling a disabled account succeeds. Sessions: end-sessions.
# Exit codes: 0 disabled · 2 invalid input · 3 no such account · 6 not an administrator, or a built-in account · 1 other.
param([string]$UserName)
. (Join-Path $PSScriptRoot 'lib\common.ps1')

Assert-Administrator
Assert-Username $UserName
$account = Get-PersonAccount $UserName
Disable-LocalUser -SID $account.SID
