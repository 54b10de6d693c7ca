#!/bin/bash
# end-sessions: every session and process of the user ends.
#
# Usage: end-sessions.sh <username>                                        (root)
# Boots out the user's launchd domains (gui/<uid> is the login session, user/<uid> the background
# one), then kills what is left by real and effective uid until nothing of that uid runs.
# With no sessions and no processes it succeeds.
# Exit codes: 0 nothing of the user runs · 2 invalid input · 3 no such account ·
#   6 not root or a system account · 1 processes survived (pids on stderr).
set -eu
# shellcheck source=lib/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

require_root
require_username "$@"
user=$1
lookup_person_account "$user"
uid=$ACCOUNT_UID

launchctl bootout "gui/$uid" >/dev/null 2>&1 || true # no GUI session is not a failure
launchctl bootout "user/$uid" >/dev/null 2>&1 || true

# Killed processes linger as zombies until their parent reaps them; they no longer run.
living_pids() {
  local pid
  for pid in $( (pgrep -U "$1" || true; pgrep -u "$1" || true) | sort -u); do
    case $(ps -o stat= -p "$pid" 2>/dev/null || true) in '' | Z*) ;; *) printf '%s ' "$pid" ;; esac
  done
}

attempt=0
while [ "$attempt" -lt 50 ]; do
  pkill -KILL -U "$uid" 2>/dev/null || true
  pkill -KILL -u "$uid" 2>/dev/null || true
  survivors=$(living_pids "$uid")
  [ -z "$survivors" ] && exit "$EXIT_OK"
  sleep 0.1
  attempt=$((attempt + 1))
done
die "$EXIT_FAILED" "processes of \"$user\" survived SIGKILL for 5 s: $survivors"
