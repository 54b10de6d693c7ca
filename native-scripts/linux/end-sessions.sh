#!/bin/bash
# end-sessions: every session and process of the user ends.
#
# Usage: end-sessions.sh <username>                                        (root)
# Asks systemd-logind to terminate the user's sessions when logind runs (it also stops the user's
# systemd --user manager), then kills what is left by real and effective uid (pkill -KILL -U / -u)
# until nothing of that uid runs. With no sessions and no processes it succeeds.
# Exit codes: 0 nothing of the user runs · 2 invalid input · 3 no such account ·
#   6 not root or a system account · 1 processes survived (their pids on stderr).
set -euo pipefail
# shellcheck source=lib/common.sh
. "${BASH_SOURCE[0]%/*}/lib/common.sh"

require_root
require_username "$@"
user=$1
uid=$(require_person_account "$user")

if [[ -d /run/systemd/system ]] && command -v loginctl >/dev/null; then
  loginctl terminate-user "$user" 2>/dev/null || true # "no sessions" is not a failure
fi

# Killed processes linger as zombies until their parent reaps them; they no longer run, so they
# do not count.
living_pids() {
  local pid state
  for pid in $( (pgrep -U "$1" || true; pgrep -u "$1" || true) | sort -u); do
    state=$(awk '{ print $3 }' "/proc/$pid/stat" 2>/dev/null) || continue
    [[ $state == Z ]] || printf '%s ' "$pid"
  done
}

for _ in $(seq 1 50); do
  pkill -KILL -U "$uid" 2>/dev/null || true
  pkill -KILL -u "$uid" 2>/dev/null || true
  survivors=$(living_pids "$uid")
  [[ -z $survivors ]] && exit "$EXIT_OK"
  sleep 0.1
done
die "$EXIT_FAILED" "processes of \"$user\" survived SIGKILL for 5 s: ${survivors% }"
