#!/bin/bash
# change-password: the user changes their own password, knowing the previous one.
#
# Usage: change-password.sh <username>        stdin: previous password, then new password (one a line)
# Runs as <username> itself, never as root (root would skip the previous-password check). The change
# goes through PAM exactly as `passwd` does: PAM's misc_conv reads one line per prompt from a
# non-tty stdin, so the OS policy (pam_unix obscure, pam_pwquality, minimum age) applies, and when
# pam_gnome_keyring is in the password stack it re-keys the login keyring in the same transaction.
# Exit codes: 0 changed · 2 invalid input · 3 no such account · 4 wrong previous password ·
#   5 new password refused by policy (one "rule: ..." line each on stderr) · 6 not run as that user ·
#   1 anything else. On every non-zero exit nothing changed: passwd writes only when PAM succeeds.
# stdout: "note: ..." lines about the login keyring. Secrets are never echoed.
set -euo pipefail
# shellcheck source=lib/common.sh
. "${BASH_SOURCE[0]%/*}/lib/common.sh"

require_username "$@"
user=$1
uid=$(account_uid "$user")
((EUID == uid)) || die "$EXIT_NOT_PERMITTED" "change-password must run as \"$user\" itself (it runs as uid $EUID)"
previous='' new=''
read_secret_line previous "the previous password"
read_secret_line new "the new password"
[[ $previous != "$new" ]] || die "$EXIT_POLICY" "rule: the new password must differ from the previous one"

# printf is a builtin: the passwords go down the pipe, never into any argv.
status=0
transcript=$(printf '%s\n%s\n%s\n' "$previous" "$new" "$new" | passwd 2>&1) || status=$?
unset previous new

if ((status != 0)); then
  if [[ $transcript == *"You must wait longer"* ]]; then
    die "$EXIT_POLICY" "rule: the minimum password age has not passed yet; try again later"
  fi
  # PAM asks for the new password only after the previous one verified.
  [[ $transcript == *"New password:"* ]] ||
    die "$EXIT_WRONG_PREVIOUS" "the previous password is not correct; nothing was changed"
  rules=$(printf '%s\n' "$transcript" |
    sed -e 's/Current password: //g; s/Retype new password: //g; s/New password: //g' |
    grep -v -e '^Changing password for ' -e '^Password change has been aborted' -e '^passwd: ' -e '^[[:space:]]*$' || true)
  [[ -n $rules ]] || die "$EXIT_FAILED" "passwd failed (exit $status): $(printf '%s' "$transcript" | grep '^passwd: ' | head -n 1)"
  printf '%s\n' "$rules" | sed 's/^/rule: /' >&2
  exit "$EXIT_POLICY"
fi

home=$(getent passwd "$user" | cut -d: -f6)
if [[ -f $home/.local/share/keyrings/login.keyring ]]; then
  if grep -qs 'pam_gnome_keyring' /etc/pam.d/passwd /etc/pam.d/common-password; then
    echo "note: login keyring re-keyed by pam_gnome_keyring during the change"
  else
    echo "note: login keyring not re-keyed (pam_gnome_keyring is not in the password stack); it still opens with the previous password"
  fi
fi
