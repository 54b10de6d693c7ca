#!/bin/bash
# enable-account: undoes disable-account exactly.
#
# Usage: enable-account.sh <username>                                      (root)
# With the record disable-account left: unlocks the password only if Lockstep locked it, and puts
# back the previous expiry. Without one (disabled by someone else): clears a past expiry and unlocks
# a locked password only when a real hash is behind the lock. Enabling an enabled account succeeds.
# Exit codes: 0 enabled · 2 invalid input · 3 no such account · 6 not root or a system account · 1 other.
set -euo pipefail
# shellcheck source=lib/common.sh
. "${BASH_SOURCE[0]%/*}/lib/common.sh"

require_root
require_username "$@"
user=$1
uid=$(require_person_account "$user")
read -r pw expire < <(shadow_state "$user")
state="$DISABLED_DIR/$user"

if [[ -f $state && $(state_value "$state" uid) == "$uid" ]]; then
  if [[ $(state_value "$state" locked_by_lockstep) == 1 && $pw == '!'* ]]; then
    usermod -U "$user" >/dev/null
  fi
  previous=$(state_value "$state" previous_expire)
  [[ $previous =~ ^[0-9]+$ ]] || previous=-1
  chage -E "$previous" "$user"
  rm -f "$state"
else
  if [[ $expire =~ ^[0-9]+$ ]] && ((expire <= $(today_days))); then chage -E -1 "$user"; fi
  if [[ $pw == '!'?* && $pw != '!!'* && $pw != '!*' ]]; then usermod -U "$user" >/dev/null; fi
fi
