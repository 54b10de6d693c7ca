# change-password: the user changes their own password, knowing the previous one.
#
# Usage: change-password.ps1 <username>      stdin: previous password, then new password (one a line, UTF-8)
# Runs as <username> itself. UserPrincipal.ChangePassword (System.DirectoryServices.AccountManagement)
# is the change a user makes with Ctrl+Alt+Del: because the previous password is given, Windows
# re-protects the DPAPI master keys, so Credential Manager and other DPAPI secrets stay readable.
# Exit codes: 0 changed · 2 invalid input · 3 no such account · 4 wrong previous password ·
#   5 new password refused by policy ("rule: ..." on stderr) · 6 not run as that user · 1 other.
# A failed ChangePassword changes nothing. Secrets are never echoed.
param([string]$UserName)
. (Join-Path $PSScriptRoot 'lib\common.ps1')

Assert-Username $UserName
$account = Get-Account $UserName
$me = [Security.Principal.WindowsIdentity]::GetCurrent().User.Value
if ($me -ne $account.SID.Value) { Stop-WithCode $ExitNotPermitted "change-password must run as `"$UserName`" itself" }
$previous = Read-SecretLine 'the previous password'
$new = Read-SecretLine 'the new password'
if ($previous -ceq $new) { Stop-WithCode $ExitPolicy 'rule: the new password must differ from the previous one' }

$principal = Get-UserPrincipal (Get-PrincipalContext) $account
try {
  $principal.ChangePassword($previous, $new)
} catch {
  $codes = Get-HResults $_.Exception
  # ERROR_INVALID_PASSWORD (86), ERROR_WRONG_PASSWORD (1323)
  if ($codes -contains -2147024810 -or $codes -contains -2147023573) {
    Stop-WithCode $ExitWrongPrevious 'the previous password is not correct; nothing was changed'
  }
  # NERR_PasswordTooShort (2245: length, complexity, history or minimum age), ERROR_PASSWORD_RESTRICTION (1325)
  if ($codes -contains -2147022651 -or $codes -contains -2147023571) {
    Stop-WithCode $ExitPolicy "rule: the new password does not meet this device's password policy (length, complexity, history or minimum age)"
  }
  if ($codes -contains -2147024891) { Stop-WithCode $ExitNotPermitted 'Windows refused the change: access denied' }
  Stop-WithCode $ExitFailed "changing the password failed: $($_.Exception.Message)"
} finally {
  $previous = $null; $new = $null
}
