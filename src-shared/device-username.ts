/**
 * The device username rule (JumpCloud's, see DESIGN.md "Usernames").
 *
 * Okta's `userName` is usually an email; the device account is named after the part before `@`.
 * Used by the directory (SCIM refusals), the agent and the native-script layer, so the rule and
 * its messages live in one place. No Node or DOM imports: this file runs everywhere.
 */
export const DEVICE_USERNAME_MAX_LENGTH = 30;
export const DEVICE_USERNAME_PATTERN = /^[A-Za-z][A-Za-z0-9._-]{0,29}$/;

export type DeviceUsernameResult = { ok: true; username: string } | { ok: false; reason: string };

/** Checks a device username itself; the reason names the broken rule and the offending value. */
export function checkDeviceUsername(username: string): DeviceUsernameResult {
  const shown = JSON.stringify(username);
  if (username.length === 0) return { ok: false, reason: 'the device username is empty' };
  if (username.length > DEVICE_USERNAME_MAX_LENGTH) {
    return {
      ok: false,
      reason: `device username ${shown} is ${username.length} characters long; the limit is ${DEVICE_USERNAME_MAX_LENGTH}`,
    };
  }
  if (!/^[A-Za-z]/.test(username)) {
    return { ok: false, reason: `device username ${shown} must start with a letter` };
  }
  const bad = [...username].find((c) => !/[A-Za-z0-9._-]/.test(c));
  if (bad !== undefined) {
    return {
      ok: false,
      reason: `device username ${shown} contains ${JSON.stringify(bad)}; only letters, digits, "-", "." and "_" are allowed`,
    };
  }
  return { ok: true, username };
}

/** Derives the device username from an Okta `userName` (the part before the first `@`). */
export function deviceUsernameFromUserName(userName: string): DeviceUsernameResult {
  const at = userName.indexOf('@');
  const local = at === -1 ? userName : userName.slice(0, at);
  const result = checkDeviceUsername(local);
  if (result.ok) return result;
  return { ok: false, reason: `userName ${JSON.stringify(userName)}: ${result.reason}` };
}
