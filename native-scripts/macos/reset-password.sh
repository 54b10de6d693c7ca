#!/bin/bash
# reset-password: sets a new password without the previous one (the user forgot it).
#
# Usage: reset-password.sh <username>                     stdin: the new password, one line (root)
# lib/reset-password.js (osascript, reading stdin) sets it through OpenDirectory: `dscl . -passwd`
# and `sysadminctl -resetPasswordFor` would put it in argv. Without the previous password the
# login keychain cannot be re-keyed: macOS offers a new login keychain at the next login and keeps
# the old one, which still opens with the previous password.
# stdout: {"lost": "..."}: what the user loses: the login keychain's contents, and when FileVault is
# on and the account holds a SecureToken, a warning that startup may still want the previous password.
# Exit codes: 0 reset · 2 invalid input · 3 no such account · 5 refused by the password policy ·
#   6 not root or a system account · 1 other.
set -eu
# shellcheck source=lib/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

require_root
require_username "$@"
user=$1
lookup_person_account "$user"
osascript -l JavaScript "$SCRIPT_DIR/lib/reset-password.js" "$user" >/dev/null

lost='A new login keychain is made at the next login; the old one is kept and opens only with the previous password, so its saved passwords are lost unless that password is remembered.'
# sysadminctl reports token status on stderr.
if [ "$(fdesetup isactive 2>/dev/null || true)" = "true" ] &&
  sysadminctl -secureTokenStatus "$user" 2>&1 | grep -q 'ENABLED'; then
  lost="$lost FileVault may still ask for the previous password at startup until a SecureToken administrator updates it."
fi
printf '{"lost":"%s"}\n' "$lost"
