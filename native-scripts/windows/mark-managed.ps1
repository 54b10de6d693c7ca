# mark-managed: takes over an existing account for a Lockstep user.
#
# Usage: mark-managed.ps1 <username> <lockstep user id>                    (SYSTEM / admin)
# Writes %ProgramData%\Lockstep\managed\<name> (userId=, sid=) in a directory only SYSTEM and
# Administrators may touch. Marking it again for the same user succeeds.
# Exit codes: 0 marked · 2 invalid input · 3 no such account · 6 not an administrator, or a built-in account ·
#   8 managed for another Lockstep user · 1 other.
param([string]$UserName, [string]$UserId)
. (Join-Path $PSScriptRoot 'lib\common.ps1')

Assert-Administrator
Assert-Username $UserName
Assert-UserId $UserId
$account = Get-PersonAccount $UserName
$current = Get-ManagedFor $account
if ($null -ne $current -and $current -cne $UserId) {
  Stop-WithCode $ExitConflict "`"$UserName`" is already managed for another Lockstep user ($current)"
}
Write-Marker $account $UserId
