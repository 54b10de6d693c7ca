#!/bin/bash
# create-account: a new local account for a Lockstep user bound to this device.
#
# Usage: create-account.sh <username> <lockstep user id> <full name>       (root)
# Made with dscl and createhomedir, with no password at all (no ShadowHashData), so nobody can log
# in until reset-password sets one. Not sysadminctl -addUser: it takes the password only in argv,
# and what it does without one is not documented. The next free uid from 501 up, staff group (20).
# If a step fails the half-made record is deleted. Creating it again for the same user succeeds.
# Exit codes: 0 created (or already created for this user) · 2 invalid input · 6 not root ·
#   8 an account with that name exists and is not managed for this user · 1 other.
set -eu
# shellcheck source=lib/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

require_root
[ $# -eq 3 ] || die "$EXIT_INVALID" "usage: create-account.sh <username> <lockstep user id> <full name>"
require_username "$1"
require_user_id "$2"
name_re='^([^-:,=[:cntrl:]][^:,=[:cntrl:]]{0,127})?$'
[[ $3 =~ $name_re ]] ||
  die "$EXIT_INVALID" "invalid full name: use at most 128 characters, not starting with '-', without ':', ',', '=' or control characters"
user=$1 user_id=$2 full_name=$3
record="/Users/$user"

if find_account "$user"; then
  lookup_managed "$user" "$ACCOUNT_UID"
  [ "$MANAGED_FOR" = "$user_id" ] && exit "$EXIT_OK"
  die "$EXIT_CONFLICT" "an account named \"$user\" already exists and is not managed for this user; take it over instead"
fi

uid=$(dscl . -list /Users UniqueID | awk -v min="$FIRST_PERSON_UID" '$2 >= min && $2 >= n { n = $2 + 1 } END { print (n < min ? min : n) }')
undo() { dscl . -delete "$record" >/dev/null 2>&1 || true; }
trap 'undo; die "$EXIT_FAILED" "creating \"$user\" failed; nothing was left behind"' ERR
dscl . -create "$record"
dscl . -create "$record" UniqueID "$uid"
dscl . -create "$record" PrimaryGroupID 20
dscl . -create "$record" RealName "$full_name"
dscl . -create "$record" UserShell /bin/zsh
dscl . -create "$record" NFSHomeDirectory "$record"
createhomedir -c -u "$user" >/dev/null
write_marker "$user" "$uid" "$user_id"
trap - ERR
