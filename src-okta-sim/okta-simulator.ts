/**
 * Okta's provisioning sequences, request by request, for both kinds of Okta SCIM app:
 *
 * - `template` (an OIN template app): PATCH for activate, deactivate and password sync;
 * - `wizard` (a custom app from the App Integration Wizard): GET, then PUT of the whole user.
 *
 * Profile updates are GET-then-PUT in both styles, as Okta's SCIM 2.0 reference states ("all
 * other updates to User objects are handled through a PUT method request").
 */
import {
  createUser,
  findUserByUserName,
  getUser,
  oktaPlaceholderPassword,
  patchUserActive,
  patchUserPassword,
  replaceUser,
  type OktaUserProfile,
} from './user-requests.js';
import {
  createGroup,
  findGroupByName,
  getGroup,
  patchGroupMembers,
  patchGroupName,
  replaceGroup,
  type GroupMember,
} from './group-requests.js';
import type { ScimClient } from './scim-client.js';
import type { JsonObject, ScimExchange, ScimRequest } from './scim-request.js';
import {
  expectSuccess,
  readGroup,
  readList,
  readResource,
  ScimStatusError,
} from './scim-responses.js';

export type OktaStyle = 'template' | 'wizard';

export interface ProfileChanges {
  title?: string;
  givenName?: string;
  familyName?: string;
}

export class OktaSimulator {
  constructor(
    private readonly client: ScimClient,
    private readonly style: OktaStyle,
  ) {}

  /** Assignment: look the user up by userName; create them (with a placeholder) if missing. */
  async assign(profile: OktaUserProfile): Promise<{ created: boolean; user: JsonObject }> {
    const found = readList(await this.#send(findUserByUserName(profile.userName)));
    const existing = found.resources[0];
    if (existing) return { created: false, user: existing };
    const created = await this.#send(createUser(profile, oktaPlaceholderPassword()));
    return { created: true, user: readResource(created) };
  }

  /** Password sync: Okta pushes what the user typed, on a change and again at every sign-in. */
  async pushPassword(userName: string, password: string): Promise<JsonObject | null> {
    if (password.length === 0) throw new Error('the password is empty; pipe it on stdin');
    const id = await this.#userId(userName);
    if (this.style === 'template') {
      return resourceUnless204(await this.#send(patchUserPassword(id, password)));
    }
    return this.#getThenPut(id, { password });
  }

  async update(userName: string, changes: ProfileChanges): Promise<JsonObject> {
    const edit: JsonObject = {};
    if (changes.title !== undefined) edit['title'] = changes.title;
    const name: JsonObject = {};
    if (changes.givenName !== undefined) name['givenName'] = changes.givenName;
    if (changes.familyName !== undefined) name['familyName'] = changes.familyName;
    if (Object.keys(name).length > 0) edit['name'] = name;
    if (Object.keys(edit).length === 0) {
      throw new Error('nothing to update; give --title, --first or --last');
    }
    return this.#getThenPut(await this.#userId(userName), edit);
  }

  async setActive(userName: string, active: boolean): Promise<JsonObject | null> {
    const id = await this.#userId(userName);
    if (this.style === 'template') {
      return resourceUnless204(await this.#send(patchUserActive(id, active)));
    }
    return this.#getThenPut(id, { active });
  }

  /**
   * Group Push: create the group if the directory does not have it, then make its membership
   * exactly `userNames` (template: name PATCH, then removals and additions; wizard: one PUT).
   */
  async pushGroup(displayName: string, userNames: string[]): Promise<JsonObject> {
    const members: GroupMember[] = [];
    for (const userName of userNames) {
      members.push({ value: await this.#userId(userName), display: userName });
    }
    const existing = readList(await this.#send(findGroupByName(displayName))).resources[0];
    const group = readGroup(
      await this.#send(
        existing ? getGroup(String(existing['id']), 'lookup') : createGroup(displayName),
      ),
    );
    if (this.style === 'wizard') {
      return readResource(await this.#send(replaceGroup(group.id, displayName, members)));
    }
    await this.#send(patchGroupName(group.id, displayName));
    const wanted = new Set(members.map((m) => m.value));
    const remove = group.memberIds.filter((id) => !wanted.has(id));
    const add = members.filter((m) => !group.memberIds.includes(m.value));
    if (remove.length > 0 || add.length > 0) {
      await this.#send(patchGroupMembers(group.id, { add, remove }));
    }
    return readResource(await this.#send(getGroup(group.id, 'lookup')));
  }

  async #getThenPut(id: string, changes: JsonObject): Promise<JsonObject> {
    const current = readResource(await this.#send(getUser(id)));
    return readResource(await this.#send(replaceUser(current, changes)));
  }

  /** Okta stored the SCIM id when it created the user; the stateless simulator asks for it. */
  async #userId(userName: string): Promise<string> {
    const exchange = await this.#send(findUserByUserName(userName, 'lookup'));
    const user = readList(exchange).resources[0];
    if (!user) {
      throw new ScimStatusError(
        `the directory has no user with userName "${userName}"; assign them first (lockstep okta-sim assign ${userName})`,
        exchange,
      );
    }
    return String(user['id']);
  }

  async #send(request: ScimRequest) {
    return expectSuccess(await this.client.send(request));
  }
}

/** Okta accepts 204 No Content for PATCH; the result is then "no body", not an error. */
function resourceUnless204(exchange: ScimExchange): JsonObject | null {
  return exchange.response.status === 204 ? null : readResource(exchange);
}
