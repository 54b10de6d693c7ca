#!/bin/bash
# disable-account: no login by password, key or token; the account and its data stay.
#
# Usage: disable-account.sh <username>                                     (root)
# `pwpolicy disableuser` marks the account disabled in OpenDirectory (";DisabledUser;" in its
# AuthenticationAuthority); every OpenDirectory authentication refuses it, ssh keys included
# through PAM's account stage. Disabling a disabled account succeeds. Sessions: end-sessions.
# Exit codes: 0 disabled · 2 invalid input · 3 no such account · 6 not root or a system account · 1 other.
set -eu
# shellcheck source=lib/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

require_root
require_username "$@"
lookup_person_account "$1"
pwpolicy -u "$1" disableuser >/dev/null
