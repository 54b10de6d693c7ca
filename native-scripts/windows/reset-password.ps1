# reset-password: sets a new password without the previous one (the user forgot it).
#
# Usage: reset-password.ps1 <username>               stdin: the new password, one line (SYSTEM / admin)
# UserPrincipal.SetPassword. Without the previous password Windows cannot re-protect the user's
# DPAPI master keys: what DPAPI protects for that user (Credential Manager, saved Wi-Fi and browser
# passwords, EFS keys) can no longer be decrypted.
# stdout: {"lost": "..."}.
# Exit codes: 0 reset · 2 invalid input · 3 no such account · 5 refused by the password policy ·
#   6 not an administrator, or a built-in account · 1 other.
param([string]$UserName)
. (Join-Path $PSScriptRoot 'lib\common.ps1')

Assert-Administrator
Assert-Username $UserName
$account = Get-PersonAccount $UserName
$new = Read-SecretLine 'the new password'
$principal = Get-UserPrincipal (Get-PrincipalContext) $account
try {
  $principal.SetPassword($new)
} catch {
  $codes = Get-HResults $_.Exception
  if ($codes -contains -2147022651 -or $codes -contains -2147023571) {
    Stop-WithCode $ExitPolicy "rule: the new password does not meet this device's password policy (length, complexity or history)"
  }
  Stop-WithCode $ExitFailed "setting the password failed: $($_.Exception.Message)"
} finally {
  $new = $null
}
$lost = 'Secrets Windows protects with the previous password (Credential Manager, saved Wi-Fi and browser passwords, EFS-encrypted files) can no longer be decrypted.'
[Console]::Out.WriteLine((@{ lost = $lost } | ConvertTo-Json -Compress))
