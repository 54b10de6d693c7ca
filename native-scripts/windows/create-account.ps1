# create-account: a new local account for a Lockstep user bound to this device.
#
# Usage: create-account.ps1 <username> <lockstep user id> <full name>      (SYSTEM / admin)
# New-LocalUser with a random 32-byte password nobody ever sees: a local account with no password
# could sign in at the console, so "no usable password yet" means an unknown one. It joins Users
# (by SID, whatever the display language) and gets the marker %ProgramData%\Lockstep\managed\<name>.
# If a step fails the half-made account is removed. Creating it again for the same user succeeds.
# Exit codes: 0 created (or already created for this user) · 2 invalid input · 6 not an administrator ·
#   8 an account with that name exists and is not managed for this user · 1 other.
param([string]$UserName, [string]$UserId, [string]$FullName)
. (Join-Path $PSScriptRoot 'lib\common.ps1')

Assert-Administrator
Assert-Username $UserName
Assert-UserId $UserId
if ($FullName -cnotmatch '^([^-:,=\p{Cc}][^:,=\p{Cc}]{0,127})?$') {
  Stop-WithCode $ExitInvalid "invalid full name: use at most 128 characters, not starting with '-', without ':', ',', '=' or control characters"
}

$existing = Get-LocalUser -Name $UserName -ErrorAction SilentlyContinue
if ($null -ne $existing) {
  if ((Get-ManagedFor $existing) -ceq $UserId) { exit $ExitOk }
  Stop-WithCode $ExitConflict "an account named `"$UserName`" already exists and is not managed for this user; take it over instead"
}

$bytes = New-Object byte[] 32
$rng = [Security.Cryptography.RandomNumberGenerator]::Create()
$rng.GetBytes($bytes)
$rng.Dispose()
# The suffix meets any complexity rule (upper, lower, digit, symbol); the rest is the entropy.
$unknown = ConvertTo-SecureString ([Convert]::ToBase64String($bytes) + 'Aa1!') -AsPlainText -Force
[Array]::Clear($bytes, 0, $bytes.Length)

$account = New-LocalUser -Name $UserName -FullName $FullName -Description 'Managed by Lockstep' `
  -Password $unknown -PasswordNeverExpires -AccountNeverExpires
try {
  Add-LocalGroupMember -SID 'S-1-5-32-545' -Member $account
  Write-Marker $account $UserId
} catch {
  Remove-LocalUser -SID $account.SID -ErrorAction SilentlyContinue
  Stop-WithCode $ExitFailed "creating `"$UserName`" failed and was undone: $($_.Exception.Message)"
}
