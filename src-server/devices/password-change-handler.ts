import type { z } from 'zod';
import type { DevicePasswordChangeRequest } from '../../src-shared/checkin-protocol.js';
import { complexityRules } from '../../src-shared/policy.js';
import type { PasswordService } from '../passwords/password-service.js';
import type { SqliteDirectoryStore } from '../store/sqlite/sqlite-directory-store.js';
import { userWriteFrom } from '../scim/user-mapping.js';
import { DeviceHttpError, deviceBadRequest } from './device-errors.js';

/**
 * A self-service password change made on a device. Refused while Okta is the password
 * authority: Okta would overwrite it at the next sign-in and the two would drift apart.
 */
export async function changeDevicePassword(opts: {
  store: SqliteDirectoryStore;
  passwords: PasswordService;
  deviceId: string;
  body: z.infer<typeof DevicePasswordChangeRequest>;
}): Promise<{ passwordVersion: number }> {
  const { store, deviceId, body } = opts;
  const actor = `device:${deviceId}`;
  const policy = store.devices.policyFor(deviceId);
  const refuse = (status: number, message: string) => {
    store.audit.append({
      actor,
      action: 'device.password-change',
      target: body.userId,
      outcome: 'failure',
      detail: { reason: message },
    });
    return new DeviceHttpError(status, status === 403 ? 'forbidden' : 'bad-request', message);
  };
  if (policy.passwordAuthority === 'okta') {
    throw refuse(
      403,
      'passwords are changed in Okta for this organization (policy password-authority is okta); change it in Okta',
    );
  }
  if (!store.devices.bindingsOf(deviceId).some((b) => b.userId === body.userId)) {
    throw refuse(403, 'this user is not bound to this device');
  }
  const failed = complexityRules(policy.passwordComplexity).filter(
    (r) => !r.test(body.newPassword),
  );
  if (failed.length > 0)
    throw refuse(
      400,
      `the new password does not meet the policy: ${failed.map((r) => r.label).join(', ')}`,
    );
  const user = store.users.get(body.userId);
  if (!user) throw deviceBadRequest('unknown user');
  const decision = await opts.passwords.decide(user, body.newPassword);
  if (decision.kind === 'unchanged') return { passwordVersion: Math.max(1, user.password.version) };
  const write = userWriteFrom(
    { ...user.attributes, userName: user.userName },
    user.state,
    user.deviceUsername,
  );
  const updated = store.users.replace(user.id, user.revision, write, decision.update, {
    actor,
    action: 'device.password-change',
    target: user.id,
    outcome: 'success',
  });
  decision.committed();
  return { passwordVersion: updated.password.version };
}
