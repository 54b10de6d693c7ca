#!/bin/bash
# reset-password: sets a new password without the previous one (the user forgot it).
#
# Usage: reset-password.sh <username>                        stdin: the new password, one line (root)
# chpasswd, fed on stdin, hashes it with the system's method. If Lockstep keeps the account
# disabled, the new password is stored locked until enable-account.
# stdout: {"lost": "..."}: what the user loses. Nothing on Linux except that a GNOME login keyring,
# when there is one, still opens only with the previous password.
# Exit codes: 0 reset · 2 invalid input · 3 no such account · 6 not root or a system account ·
#   5 refused by the password policy (rules on stderr) · 1 other.
set -euo pipefail
# shellcheck source=lib/common.sh
. "${BASH_SOURCE[0]%/*}/lib/common.sh"

require_root
require_username "$@"
user=$1
uid=$(require_person_account "$user")
new=''
read_secret_line new "the new password"
status=0
output=$(printf '%s:%s\n' "$user" "$new" | chpasswd 2>&1) || status=$?
unset new
if ((status != 0)); then
  printf '%s\n' "$output" | grep -v '^chpasswd: (line' | sed 's/^/rule: /' >&2
  exit "$EXIT_POLICY"
fi
relock_if_disabled "$user" "$uid"

home=$(getent passwd "$user" | cut -d: -f6)
if [[ -f $home/.local/share/keyrings/login.keyring ]]; then
  lost='The login keyring still opens only with the previous password; if that is forgotten, the keyring must be reset and the secrets saved in it are lost.'
else
  lost='Nothing: this account has no login keyring.'
fi
printf '{"lost":"%s"}\n' "$lost"
