#!/bin/sh
# deb postrm: stop the agent; keep /var/lib/lockstep-agent (enrollment) unless purged.
set -eu
if [ -d /run/systemd/system ]; then
  systemctl disable --now lockstep-agent.service 2>/dev/null || true
fi
rm -f /lib/systemd/system/lockstep-agent.service /etc/xdg/autostart/lockstep-tray.desktop
if [ -d /run/systemd/system ]; then systemctl daemon-reload; fi
if [ "${1:-}" = "purge" ]; then rm -rf /var/lib/lockstep-agent; fi
