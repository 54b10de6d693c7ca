import { deviceUsernameFromUserName } from '../../src-shared/device-username.js';
import type { ScimUser, ScimUserAttributes, ScimUserInput } from '../../src-shared/scim-user.js';
import type { UserRecord, UserState, UserWrite } from '../store/user-types.js';
import { omit } from './omit.js';
import { badRequest } from './scim-error.js';

/** The device username for a userName, or a 400 whose detail names the broken rule and value. */
export function requireDeviceUsername(userName: string): string {
  const result = deviceUsernameFromUserName(userName);
  if (!result.ok)
    throw badRequest(
      `${result.reason} (device usernames follow the JumpCloud rule)`,
      'invalidValue',
    );
  return result.username;
}

/** What to store for a validated User; `deviceUsername` is null when the user's is fixed by a binding. */
export function userWriteFrom(
  input: ScimUserInput,
  state: UserState,
  fixedDeviceUsername: string | null,
): UserWrite {
  const attributes = omit(input, ['id', 'meta', 'groups', 'password', 'active']);
  return {
    userName: input.userName,
    deviceUsername: fixedDeviceUsername ?? requireDeviceUsername(input.userName),
    externalId: input.externalId ?? null,
    displayName: input.displayName ?? null,
    state,
    attributes: attributes as ScimUserAttributes,
  };
}

/** The User as SCIM answers it: every stored attribute, with `active` from the user's state. */
export function toScimUser(user: UserRecord, baseUrl: string): ScimUser {
  return {
    ...user.attributes,
    id: user.id,
    userName: user.userName,
    active: user.state === 'active',
    meta: {
      resourceType: 'User',
      created: user.createdAt,
      lastModified: user.updatedAt,
      location: `${baseUrl}/Users/${user.id}`,
      version: `W/"${user.revision}"`,
    },
  };
}
