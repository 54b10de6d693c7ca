# shellcheck shell=bash
# Shared by every macOS script: exit codes, the username rule, account lookups.
# Sourced, never run. Written for the bash 3.2 macOS ships: no inherit_errexit, no associative
# arrays, no ${var,,}; so lookups set globals instead of printing from $(...), where die would only
# end a subshell. Exit codes are the table in native-scripts/README.md.

# shellcheck disable=SC2034 # used by the scripts that source this file
readonly EXIT_OK=0 EXIT_FAILED=1 EXIT_INVALID=2 EXIT_NO_ACCOUNT=3 EXIT_WRONG_PREVIOUS=4 \
  EXIT_POLICY=5 EXIT_NOT_PERMITTED=6 EXIT_NOT_SUPPORTED=7 EXIT_CONFLICT=8
export LC_ALL=C

# LOCKSTEP_TEST_ROOT only exists so tests on Linux can keep this tree in a temporary directory;
# the platform layer never sets it.
# shellcheck disable=SC2034
readonly MANAGED_DIR="${LOCKSTEP_TEST_ROOT:-}/Library/Application Support/Lockstep/managed"
# Accounts below 501 belong to macOS itself.
readonly FIRST_PERSON_UID=501
SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
readonly SCRIPT_DIR

die() { # die <exit code> <one-line reason for stderr>
  printf '%s\n' "$2" >&2
  exit "$1"
}

# Same rule as src-shared/device-username.ts. (A regex in a variable: bash 3.2 quoting rules.)
require_username() {
  local re='^[A-Za-z][A-Za-z0-9._-]{0,29}$'
  [ $# -eq 1 ] || die "$EXIT_INVALID" "usage: $(basename "$0") <username>"
  [[ $1 =~ $re ]] ||
    die "$EXIT_INVALID" "invalid username \"$1\": it must start with a letter and use at most 30 letters, digits, '-', '.' or '_'"
}

require_user_id() {
  local re='^[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}$'
  [[ $1 =~ $re ]] ||
    die "$EXIT_INVALID" "invalid Lockstep user id \"$1\": use at most 128 letters, digits, '.', '_', ':', '@' or '-'"
}

require_root() {
  [ "$EUID" -eq 0 ] || die "$EXIT_NOT_PERMITTED" "$(basename "$0") must run as root"
}

# find_account <user>: sets ACCOUNT_UID and succeeds, or fails when there is no such account.
find_account() {
  local out
  out=$(dscl . -read "/Users/$1" UniqueID 2>/dev/null) || return 1
  ACCOUNT_UID=${out##* }
  case $ACCOUNT_UID in '' | *[!0-9]*) die "$EXIT_FAILED" "dscl gave no numeric UniqueID for \"$1\"" ;; esac
}

# lookup_account <user>: sets ACCOUNT_UID, or dies with EXIT_NO_ACCOUNT.
lookup_account() {
  find_account "$1" || die "$EXIT_NO_ACCOUNT" "no local account named \"$1\""
}

# lookup_person_account <user>: like lookup_account, and refuses macOS's own accounts.
lookup_person_account() {
  lookup_account "$1"
  [ "$ACCOUNT_UID" -ge "$FIRST_PERSON_UID" ] ||
    die "$EXIT_NOT_PERMITTED" "\"$1\" is a system account (uid $ACCOUNT_UID); Lockstep does not change it"
}

# lookup_managed <user> <uid>: sets MANAGED_FOR to the Lockstep user id, or to "".
lookup_managed() {
  local marker="$MANAGED_DIR/$1"
  MANAGED_FOR=''
  [ -f "$marker" ] || return 0
  [ "$(awk -F= '$1 == "uid" { print $2 }' "$marker")" = "$2" ] || return 0
  MANAGED_FOR=$(awk -F= '$1 == "userId" { print $2 }' "$marker")
}

write_marker() { # write_marker <user> <uid> <userId>: atomic, root-only
  local marker="$MANAGED_DIR/$1"
  mkdir -p "$MANAGED_DIR"
  chmod 0700 "$MANAGED_DIR"
  (umask 077 && printf 'userId=%s\nuid=%s\n' "$3" "$2" >"$marker.tmp") && mv -f "$marker.tmp" "$marker"
}
