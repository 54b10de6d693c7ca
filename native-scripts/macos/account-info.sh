#!/bin/bash
# account-info: what Lockstep needs to know about a local account (used for takeover).
#
# Usage: account-info.sh <username>                                        (root)
# stdout, one JSON line: {"exists":bool,"uid":number|null,"disabled":bool,"managedFor":string|null}
# disabled: OpenDirectory has the account disabled (";DisabledUser;", what pwpolicy disableuser sets).
# managedFor: the Lockstep user id from the root-owned marker, when its uid matches.
# Exit codes: 0 printed · 2 invalid input · 6 not root · 1 other.
set -eu
# shellcheck source=lib/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

require_root
require_username "$@"
user=$1
if ! find_account "$user"; then
  echo '{"exists":false,"uid":null,"disabled":false,"managedFor":null}'
  exit "$EXIT_OK"
fi
disabled=false
if dscl . -read "/Users/$user" AuthenticationAuthority 2>/dev/null | grep -q ';DisabledUser;'; then
  disabled=true
fi
lookup_managed "$user" "$ACCOUNT_UID"
managed_json=null
[ -n "$MANAGED_FOR" ] && managed_json="\"$MANAGED_FOR\""
printf '{"exists":true,"uid":%s,"disabled":%s,"managedFor":%s}\n' "$ACCOUNT_UID" "$disabled" "$managed_json"
