# shellcheck shell=bash
# Shared by every Linux script: exit codes, the username rule, safe reads of stdin.
# Sourced, never run. Exit codes are the table in native-scripts/README.md.

# shellcheck disable=SC2034 # used by the scripts that source this file
readonly EXIT_OK=0 EXIT_FAILED=1 EXIT_INVALID=2 EXIT_NO_ACCOUNT=3 EXIT_WRONG_PREVIOUS=4 \
  EXIT_POLICY=5 EXIT_NOT_PERMITTED=6 EXIT_NOT_SUPPORTED=7 EXIT_CONFLICT=8
export LC_ALL=C
# die inside $(...) must end the script too, not just the subshell.
shopt -s inherit_errexit

# Root-owned state; nothing here is secret.
# shellcheck disable=SC2034
readonly LOCKSTEP_STATE_DIR=/var/lib/lockstep \
  MANAGED_DIR=/var/lib/lockstep/managed \
  DISABLED_DIR=/var/lib/lockstep/disabled

die() { # die <exit code> <one-line reason for stderr>
  printf '%s\n' "$2" >&2
  exit "$1"
}

# Same rule as src-shared/device-username.ts: a letter, then up to 29 of [A-Za-z0-9._-].
require_username() {
  [[ $# -eq 1 ]] || die "$EXIT_INVALID" "usage: $(basename "$0") <username>"
  [[ $1 =~ ^[A-Za-z][A-Za-z0-9._-]{0,29}$ ]] ||
    die "$EXIT_INVALID" "invalid username \"$1\": it must start with a letter and use at most 30 letters, digits, '-', '.' or '_'"
}

require_root() {
  [[ $EUID -eq 0 ]] || die "$EXIT_NOT_PERMITTED" "$(basename "$0") must run as root"
}

# Prints the uid, or fails with EXIT_NO_ACCOUNT.
account_uid() {
  local entry
  entry=$(getent passwd "$1") || die "$EXIT_NO_ACCOUNT" "no local account named \"$1\""
  printf '%s\n' "$entry" | cut -d: -f3
}

# Refuses root and system accounts: Lockstep only ever manages people's accounts.
require_person_account() {
  local uid min
  uid=$(account_uid "$1")
  min=$(awk '$1 == "UID_MIN" { print $2 }' /etc/login.defs 2>/dev/null)
  [[ ${min:-1000} =~ ^[0-9]+$ ]] || min=1000
  ((uid >= ${min:-1000})) ||
    die "$EXIT_NOT_PERMITTED" "\"$1\" is a system account (uid $uid); Lockstep does not change it"
  printf '%s\n' "$uid"
}

# read_secret_line <var> <what>: one line of stdin into <var>; refuses a missing or empty line.
# The value is never echoed; a trailing CR (from a Windows-style writer) is dropped.
read_secret_line() {
  local line
  IFS= read -r line || [[ -n $line ]] || die "$EXIT_INVALID" "expected $2 on stdin, one per line"
  line=${line%$'\r'}
  [[ -n $line ]] || die "$EXIT_INVALID" "$2 is empty"
  ((${#line} <= 1024)) || die "$EXIT_INVALID" "$2 is longer than 1024 characters"
  printf -v "$1" '%s' "$line"
}

# Shadow fields for <user>: prints "<password field> <expire days or ->".
shadow_state() {
  getent shadow "$1" | awk -F: '{ print ($2 == "" ? "-" : $2), ($8 == "" ? "-" : $8) }'
}

today_days() { echo $(($(date +%s) / 86400)); }

# Lockstep user ids and full names end up in files and GECOS: keep them to safe characters.
require_user_id() {
  [[ $1 =~ ^[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}$ ]] ||
    die "$EXIT_INVALID" "invalid Lockstep user id \"$1\": use at most 128 letters, digits, '.', '_', ':', '@' or '-'"
}

# key=value files under /var/lib/lockstep; read with awk, never sourced.
state_value() { awk -F= -v k="$2" '$1 == k { print substr($0, length(k) + 2) }' "$1" 2>/dev/null; }

write_state_file() { # write_state_file <path> <content>: atomic, root-only
  mkdir -p "$(dirname "$1")"
  chmod 0700 "$LOCKSTEP_STATE_DIR" "$(dirname "$1")"
  (umask 077 && printf '%s' "$2" >"$1.tmp") && mv -f "$1.tmp" "$1"
}

# Prints the Lockstep user id <user> is managed for, or nothing. A marker left by a deleted
# account of the same name (different uid) does not count.
managed_for() { # managed_for <user> <uid>
  local marker="$MANAGED_DIR/$1"
  [[ -f $marker && $(state_value "$marker" uid) == "$2" ]] && state_value "$marker" userId
  return 0
}

write_marker() { # write_marker <user> <uid> <userId>
  write_state_file "$MANAGED_DIR/$1" "$(printf 'userId=%s\nuid=%s\n' "$3" "$2")"
}

# A password applied while Lockstep keeps the account disabled stays locked until enable-account.
relock_if_disabled() { # relock_if_disabled <user> <uid>
  local state="$DISABLED_DIR/$1" pw _expire
  [[ -f $state && $(state_value "$state" uid) == "$2" ]] || return 0
  read -r pw _expire < <(shadow_state "$1")
  [[ $pw == '!'* ]] && return 0
  usermod -L "$1" >/dev/null
  write_state_file "$state" "$(sed 's/^locked_by_lockstep=.*/locked_by_lockstep=1/' "$state")
"
}
