import type { ScimUserAttributes } from '../../src-shared/scim-user.js';

export type UserState = 'active' | 'suspended';

/** The user fields the SCIM layer decides; the store adds ids, times and revisions. */
export interface UserWrite {
  userName: string;
  /** Derived from userName; the store keeps the old one while the user is bound. */
  deviceUsername: string;
  externalId: string | null;
  displayName: string | null;
  state: UserState;
  /** Every attribute Okta sent except id, meta and password, in canonical SCIM spelling. */
  attributes: ScimUserAttributes;
}

/** Password derivatives to store. `version: 'placeholder'` keeps version 0 (Okta's create-time password). */
export interface PasswordUpdate {
  kind: 'placeholder' | 'new-version';
  verifier: string;
  cryptHash: string | null;
}

export interface UserPasswordState {
  version: number;
  changedAt: string | null;
  verifier: string | null;
  cryptHash: string | null;
}

export interface UserRecord extends Omit<UserWrite, 'attributes'> {
  id: string;
  attributes: ScimUserAttributes;
  password: UserPasswordState;
  createdAt: string;
  updatedAt: string;
  revision: number;
}
