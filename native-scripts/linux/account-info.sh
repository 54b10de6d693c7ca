#!/bin/bash
# account-info: what Lockstep needs to know about a local account (used for takeover).
#
# Usage: account-info.sh <username>                                        (root: reads shadow)
# stdout, one JSON line: {"exists":bool,"uid":number|null,"disabled":bool,"managedFor":string|null}
# disabled: the account has expired, so no login works by any method (what disable-account does).
# managedFor: the Lockstep user id from /var/lib/lockstep/managed/<username>, when its uid matches.
# A missing account is not an error: it prints exists:false.
# Exit codes: 0 printed · 2 invalid input · 6 not root · 1 other.
set -euo pipefail
# shellcheck source=lib/common.sh
. "${BASH_SOURCE[0]%/*}/lib/common.sh"

require_root
require_username "$@"
user=$1
if ! entry=$(getent passwd "$user"); then
  echo '{"exists":false,"uid":null,"disabled":false,"managedFor":null}'
  exit "$EXIT_OK"
fi
uid=$(printf '%s\n' "$entry" | cut -d: -f3)
read -r _pw expire < <(shadow_state "$user")
disabled=false
if [[ $expire =~ ^[0-9]+$ ]] && ((expire <= $(today_days))); then disabled=true; fi
managed=$(managed_for "$user" "$uid")
managed_json=null
[[ -n $managed ]] && managed_json="\"$managed\""
printf '{"exists":true,"uid":%s,"disabled":%s,"managedFor":%s}\n' "$uid" "$disabled" "$managed_json"
