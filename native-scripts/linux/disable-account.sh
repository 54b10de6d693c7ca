#!/bin/bash
# disable-account: no login by password, key or token; the account and its data stay.
#
# Usage: disable-account.sh <username>                                     (root)
# Locks the password (usermod -L) and expires the account (usermod --expiredate 1): PAM's account
# stage refuses an expired account for every method, SSH keys and tokens included. What it found
# (was the password already locked, the previous expiry) goes to /var/lib/lockstep/disabled/<user>
# first, so enable-account restores exactly that. Disabling a disabled account succeeds.
# Running sessions are not touched: that is end-sessions' job.
# Exit codes: 0 disabled · 2 invalid input · 3 no such account · 6 not root or a system account · 1 other.
set -euo pipefail
# shellcheck source=lib/common.sh
. "${BASH_SOURCE[0]%/*}/lib/common.sh"

require_root
require_username "$@"
user=$1
uid=$(require_person_account "$user")
read -r pw expire < <(shadow_state "$user")
state="$DISABLED_DIR/$user"

if [[ ! -f $state || $(state_value "$state" uid) != "$uid" ]]; then
  locked_by_lockstep=1
  [[ $pw == '!'* ]] && locked_by_lockstep=0
  write_state_file "$state" "$(printf 'uid=%s\nlocked_by_lockstep=%s\nprevious_expire=%s\n' "$uid" "$locked_by_lockstep" "$expire")
"
fi
[[ $pw == '!'* ]] || usermod -L "$user" >/dev/null
usermod --expiredate 1 "$user" >/dev/null
