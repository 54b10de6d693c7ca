#!/bin/bash
# set-password-hash: applies a crypt(3) hash from the directory (silent mode).
#
# Usage: set-password-hash.sh <username>                  stdin: the crypt(3) hash, one line (root)
# Accepts only strong schemes: yescrypt ($y$, $gy$), scrypt ($7$), bcrypt ($2a$/$2b$/$2y$),
# sha512-crypt ($6$), sha256-crypt ($5$). Applied with `chpasswd -e` fed on stdin. If Lockstep
# keeps the account disabled, the new hash is stored locked until enable-account.
# Exit codes: 0 applied · 2 invalid input (username or hash) · 3 no such account ·
#   6 not root or a system account · 1 other.
set -euo pipefail
# shellcheck source=lib/common.sh
. "${BASH_SOURCE[0]%/*}/lib/common.sh"

require_root
require_username "$@"
user=$1
uid=$(require_person_account "$user")
hash=''
read_secret_line hash "the crypt(3) hash"
[[ $hash =~ ^\$(y|gy|7|2[aby]|6|5)\$[./0-9A-Za-z\$=,]{8,}$ ]] ||
  die "$EXIT_INVALID" "not a crypt(3) hash of a supported scheme (yescrypt, scrypt, bcrypt, sha512-crypt, sha256-crypt)"
printf '%s:%s\n' "$user" "$hash" | chpasswd -e
relock_if_disabled "$user" "$uid"
