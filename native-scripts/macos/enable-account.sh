#!/bin/bash
# enable-account: undoes disable-account (`pwpolicy enableuser`). Enabling an enabled account succeeds.
#
# Usage: enable-account.sh <username>                                      (root)
# Exit codes: 0 enabled · 2 invalid input · 3 no such account · 6 not root or a system account · 1 other.
set -eu
# shellcheck source=lib/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

require_root
require_username "$@"
lookup_person_account "$1"
pwpolicy -u "$1" enableuser >/dev/null
