import type { ScimUserInput } from '../../src-shared/scim-user.js';
import type { PasswordDecision, PasswordService } from '../passwords/password-service.js';
import type { DirectoryStore } from '../store/directory-store.js';
import { StaleWriteError, UniquenessError } from '../store/store-errors.js';
import type { UserRecord, UserState } from '../store/user-types.js';
import { KeyedLock } from './keyed-lock.js';
import { badRequest, notFound, ScimHttpError } from './scim-error.js';
import { userWriteFrom } from './user-mapping.js';
import { patchUser } from './user-patch.js';

/**
 * The User lifecycle as Okta drives it: create, replace, patch, deactivate, reactivate.
 *
 * Users are never deleted: DELETE and `active: false` both suspend. Writes to one user are
 * serialized so that the password comparison and the version bump cannot interleave.
 */
export class ScimUserService {
  private readonly locks = new KeyedLock();

  constructor(
    private readonly store: DirectoryStore,
    private readonly passwords: PasswordService,
  ) {}

  async get(id: string): Promise<UserRecord> {
    const user = await this.store.getUser(id);
    if (!user) throw notFound('User', id);
    return user;
  }

  async create(input: ScimUserInput, actor: string): Promise<UserRecord> {
    if (input.active === false) {
      throw badRequest(
        `user ${JSON.stringify(input.userName)} is inactive in the request; Lockstep does not create inactive users (activate the user in Okta and push again)`,
      );
    }
    const write = userWriteFrom(input, 'active', null);
    if (await this.store.findUserByUserName(input.userName))
      throw duplicate(new UniquenessError('userName', input.userName));
    const placeholder =
      input.password === undefined ? null : await this.passwords.placeholder(input.password);
    try {
      const user = await this.store.createUser(write, placeholder?.update ?? null, {
        actor,
        action: 'user.create',
        target: null,
        outcome: 'success',
        detail: {
          userName: write.userName,
          deviceUsername: write.deviceUsername,
          passwordPlaceholder: placeholder !== null,
        },
      });
      placeholder?.committed(user.id);
      return user;
    } catch (error) {
      throw error instanceof UniquenessError ? duplicate(error) : error;
    }
  }

  async replace(id: string, input: ScimUserInput, actor: string): Promise<UserRecord> {
    return this.locked(id, (user) =>
      this.apply(user, input, input.password ?? null, 'user.replace', actor),
    );
  }

  async patch(id: string, body: unknown, actor: string): Promise<UserRecord> {
    return this.locked(id, (user) => {
      const { input, password } = patchUser(user, body);
      return this.apply(user, input, password, 'user.patch', actor);
    });
  }

  /** DELETE suspends: the user stays findable and can be reactivated. */
  async suspend(id: string, actor: string): Promise<UserRecord> {
    return this.locked(id, async (user) => {
      const write = userWriteFrom(
        { ...user.attributes, userName: user.userName },
        'suspended',
        user.deviceUsername,
      );
      return this.store.updateUser(user.id, user.revision, write, null, {
        actor,
        action: 'user.delete',
        target: user.id,
        outcome: 'success',
        detail: { userName: user.userName, state: 'suspended' },
      });
    });
  }

  private async locked(
    id: string,
    work: (user: UserRecord) => Promise<UserRecord>,
  ): Promise<UserRecord> {
    return this.locks.run(id, async () => {
      // Another process (an admin command) may have changed the row; re-read and try again.
      for (let attempt = 0; ; attempt++) {
        try {
          return await work(await this.get(id));
        } catch (error) {
          if (error instanceof UniquenessError) throw duplicate(error);
          if (!(error instanceof StaleWriteError) || attempt >= 3) throw error;
        }
      }
    });
  }

  private async apply(
    user: UserRecord,
    input: ScimUserInput,
    password: string | null,
    action: string,
    actor: string,
  ): Promise<UserRecord> {
    const state: UserState =
      input.active === undefined ? user.state : input.active ? 'active' : 'suspended';
    const bound = await this.store.isUserBound(user.id);
    const write = userWriteFrom(input, state, bound ? user.deviceUsername : null);
    const decision: PasswordDecision =
      password === null ? { kind: 'unchanged' } : await this.passwords.decide(user, password);
    const changed = changedAttributes(user, write.attributes, state);
    // Okta re-pushes the unchanged user and password at every sign-in: that is not a change, so
    // nothing is written (no new revision, no wake-up for devices, no audit row per sign-in).
    if (changed.length === 0 && decision.kind !== 'changed') return user;
    const updated = await this.store.updateUser(
      user.id,
      user.revision,
      write,
      decision.kind === 'changed' ? decision.update : null,
      {
        actor,
        action,
        target: user.id,
        outcome: 'success',
        detail: {
          changed,
          ...(password === null
            ? {}
            : { passwordPushed: true, passwordChanged: decision.kind === 'changed' }),
          state,
        },
      },
    );
    if (decision.kind === 'changed') decision.committed();
    return updated;
  }
}

function changedAttributes(
  user: UserRecord,
  next: Record<string, unknown>,
  state: UserState,
): string[] {
  const before = user.attributes as Record<string, unknown>;
  const keys = new Set([...Object.keys(before), ...Object.keys(next)]);
  const changed = [...keys].filter((k) => JSON.stringify(before[k]) !== JSON.stringify(next[k]));
  if (state !== user.state) changed.push('active');
  return changed.sort();
}

function duplicate(error: UniquenessError): ScimHttpError {
  const detail =
    error.attribute === 'userName'
      ? `userName ${JSON.stringify(error.value)} is already taken by another user (userNames are unique, case-insensitively); GET /Users?filter=userName eq "${error.value}" finds it`
      : `device username ${JSON.stringify(error.value)} is already used by another user; two users cannot share one device account, so give one of them a different userName`;
  return new ScimHttpError(409, detail, 'uniqueness');
}
