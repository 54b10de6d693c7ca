#!/bin/bash
# change-password: the user changes their own password, knowing the previous one.
#
# Usage: change-password.sh <username>        stdin: previous password, then new password (one a line)
# Runs as <username> itself. `dscl . -passwd` and `security set-keychain-password -o/-p` take
# passwords in argv, so the work is done by lib/change-password.js through osascript, which reads
# stdin: it verifies the previous password and the policy with OpenDirectory, re-keys the login
# keychain (old -> new), then changes the password with ODRecord changePassword:toPassword:error:
# (with the previous password given, macOS re-wraps the SecureToken, so FileVault follows). If
# the directory change fails, the keychain is re-keyed back: the previous password keeps working.
# Exit codes: 0 changed · 2 invalid input · 3 no such account · 4 wrong previous password ·
#   5 new password refused by policy ("rule: ..." on stderr) · 6 not run as that user · 1 other.
# stdout: "note: ..." lines about the login keychain. Secrets are never echoed.
set -eu
# shellcheck source=lib/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

require_username "$@"
user=$1
lookup_account "$user"
[ "$EUID" -eq "$ACCOUNT_UID" ] ||
  die "$EXIT_NOT_PERMITTED" "change-password must run as \"$user\" itself (it runs as uid $EUID)"
# stdin passes straight through to osascript; the shell never holds the passwords.
exec osascript -l JavaScript "$SCRIPT_DIR/lib/change-password.js" "$user"
