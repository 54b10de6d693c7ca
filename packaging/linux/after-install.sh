#!/bin/sh
# deb postinst: install and start the agent service, and start the tray at every login.
set -eu
install -m 0644 -o root -g root /opt/Lockstep/resources/packaging/lockstep-agent.service /lib/systemd/system/lockstep-agent.service
install -m 0644 -o root -g root /opt/Lockstep/resources/packaging/lockstep-tray.desktop /etc/xdg/autostart/lockstep-tray.desktop
if [ -d /run/systemd/system ]; then
  systemctl daemon-reload
  # Enabled now; it idles until `lockstep agent enroll` has run.
  systemctl enable --now lockstep-agent.service
fi
