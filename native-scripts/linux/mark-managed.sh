#!/bin/bash
# mark-managed: takes over an existing account for a Lockstep user.
#
# Usage: mark-managed.sh <username> <lockstep user id>                      (root)
# Writes the root-owned marker /var/lib/lockstep/managed/<username> (userId=, uid=) that
# account-info reads. Marking it again for the same user succeeds.
# Exit codes: 0 marked · 2 invalid input · 3 no such account · 6 not root or a system account ·
#   8 already managed for another Lockstep user · 1 other.
set -euo pipefail
# shellcheck source=lib/common.sh
. "${BASH_SOURCE[0]%/*}/lib/common.sh"

require_root
(($# == 2)) || die "$EXIT_INVALID" "usage: mark-managed.sh <username> <lockstep user id>"
require_username "$1"
require_user_id "$2"
user=$1 user_id=$2
uid=$(require_person_account "$user")
current=$(managed_for "$user" "$uid")
[[ -z $current || $current == "$user_id" ]] ||
  die "$EXIT_CONFLICT" "\"$user\" is already managed for another Lockstep user ($current)"
write_marker "$user" "$uid" "$user_id"
