; electron-builder NSIS include: the agent service and the tray login item (per machine).
!macro customInstall
  ; The service wrapper is fetched at packaging time (WinSW, pinned by hash); see packaging/README.md.
  nsExec::ExecToLog '"$INSTDIR\resources\packaging\lockstep-agent-service.exe" install'
  nsExec::ExecToLog '"$INSTDIR\resources\packaging\lockstep-agent-service.exe" start'
  WriteRegStr HKLM "Software\Microsoft\Windows\CurrentVersion\Run" "Lockstep" '"$INSTDIR\Lockstep.exe" --agent socket'
!macroend

!macro customUnInstall
  nsExec::ExecToLog '"$INSTDIR\resources\packaging\lockstep-agent-service.exe" stop'
  nsExec::ExecToLog '"$INSTDIR\resources\packaging\lockstep-agent-service.exe" uninstall'
  DeleteRegValue HKLM "Software\Microsoft\Windows\CurrentVersion\Run" "Lockstep"
!macroend
