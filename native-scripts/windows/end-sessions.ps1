# end-sessions: every session and process of the user ends.
#
# Usage: end-sessions.ps1 <username>                                       (SYSTEM / admin)
# Finds the user's processes by owner SID (Win32_Process.GetOwnerSid, independent of the display
# language, unlike parsing `quser`), logs off every session they run in (logoff.exe <id>), then
# stops what is left until nothing of that SID runs. No sessions and no processes: success.
# Exit codes: 0 nothing of the user runs · 2 invalid input · 3 no such account ·
#   6 not an administrator, or a built-in account · 1 processes survived (ids on stderr).
param([string]$UserName)
. (Join-Path $PSScriptRoot 'lib\common.ps1')

Assert-Administrator
Assert-Username $UserName
$sid = (Get-PersonAccount $UserName).SID.Value

function Get-UserProcesses {
  Get-CimInstance Win32_Process | Where-Object {
    $owner = Invoke-CimMethod -InputObject $_ -MethodName GetOwnerSid -ErrorAction SilentlyContinue
    $null -ne $owner -and $owner.Sid -eq $sid
  }
}

$sessions = @(Get-UserProcesses | ForEach-Object { $_.SessionId } | Where-Object { $_ -gt 0 } | Sort-Object -Unique)
foreach ($session in $sessions) {
  # PowerShell 5.1 turns a native command's stderr into an error under 'Stop'; a session that is
  # already gone is not one, and whatever is left is stopped below anyway.
  try { $null = & logoff.exe $session 2>&1 } catch { Write-Verbose "logoff $session`: $($_.Exception.Message)" }
}

for ($attempt = 0; $attempt -lt 50; $attempt++) {
  $left = @(Get-UserProcesses)
  if ($left.Count -eq 0) { exit $ExitOk }
  $left | ForEach-Object { Stop-Process -Id $_.ProcessId -Force -ErrorAction SilentlyContinue }
  Start-Sleep -Milliseconds 100
}
Stop-WithCode $ExitFailed "processes of `"$UserName`" survived: $(($left | ForEach-Object { $_.ProcessId }) -join ' ')"
