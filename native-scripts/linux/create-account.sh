#!/bin/bash
# create-account: a new local account for a Lockstep user bound to this device.
#
# Usage: create-account.sh <username> <lockstep user id> <full name>       (root)
# useradd -m makes the account and its home; its password field is "!", so nobody can log in by
# password until set-password-hash or reset-password applies one. The account is marked as managed
# with a root-owned file, /var/lib/lockstep/managed/<username> (userId=, uid=): GECOS would not do,
# because users may edit their own GECOS with chfn. Creating it again for the same user succeeds.
# Exit codes: 0 created (or already created for this user) · 2 invalid input ·
#   6 not root · 8 an account with that name exists and is not managed for this user · 1 other.
set -euo pipefail
# shellcheck source=lib/common.sh
. "${BASH_SOURCE[0]%/*}/lib/common.sh"

require_root
(($# == 3)) || die "$EXIT_INVALID" "usage: create-account.sh <username> <lockstep user id> <full name>"
require_username "$1"
require_user_id "$2"
[[ $3 =~ ^([^-:,=[:cntrl:]][^:,=[:cntrl:]]{0,127})?$ ]] ||
  die "$EXIT_INVALID" "invalid full name: use at most 128 characters, not starting with '-', without ':', ',', '=' or control characters"
user=$1 user_id=$2 full_name=$3

if entry=$(getent passwd "$user"); then
  uid=$(printf '%s\n' "$entry" | cut -d: -f3)
  [[ $(managed_for "$user" "$uid") == "$user_id" ]] && exit "$EXIT_OK"
  die "$EXIT_CONFLICT" "an account named \"$user\" already exists and is not managed for this user; take it over instead"
fi

shell=/bin/sh
[[ -x /bin/bash ]] && shell=/bin/bash
useradd --create-home --comment "$full_name" --shell "$shell" "$user"
uid=$(account_uid "$user")
# Without its marker the account would look foreign forever: undo rather than leave it half-made.
write_marker "$user" "$uid" "$user_id" || { userdel --remove "$user" 2>/dev/null; die "$EXIT_FAILED" "could not write the managed marker; account removed"; }
