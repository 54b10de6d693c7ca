#!/bin/bash
# mark-managed: takes over an existing account for a Lockstep user.
#
# Usage: mark-managed.sh <username> <lockstep user id>                      (root)
# Writes the root-owned marker /Library/Application Support/Lockstep/managed/<username>
# (userId=, uid=); a user may edit some of their own directory attributes, so the marker is not one.
# Exit codes: 0 marked (also when already marked for this user) · 2 invalid input ·
#   3 no such account · 6 not root or a system account · 8 managed for another Lockstep user · 1 other.
set -eu
# shellcheck source=lib/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

require_root
[ $# -eq 2 ] || die "$EXIT_INVALID" "usage: mark-managed.sh <username> <lockstep user id>"
require_username "$1"
require_user_id "$2"
lookup_person_account "$1"
lookup_managed "$1" "$ACCOUNT_UID"
if [ -n "$MANAGED_FOR" ] && [ "$MANAGED_FOR" != "$2" ]; then
  die "$EXIT_CONFLICT" "\"$1\" is already managed for another Lockstep user ($MANAGED_FOR)"
fi
write_marker "$1" "$ACCOUNT_UID" "$2"
