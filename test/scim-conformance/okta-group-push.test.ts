/**
 * Okta's Group Push replayed for both app styles: the group is created empty, then members are
 * added, removed by `members[value eq "…"]`, replaced, and the group renamed (template: PATCH,
 * with the id inside `value` for the rename; wizard: a full PUT each time).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScimGroup } from '../../src-shared/scim-group.js';
import {
  createGroup,
  deleteGroup,
  findGroupByName,
  getGroup,
  patchGroupMembers,
  patchGroupName,
  patchGroupReplaceMembers,
  replaceGroup,
  type GroupMember,
} from '../../src-okta-sim/group-requests.js';
import { OktaSimulator, type OktaStyle } from '../../src-okta-sim/okta-simulator.js';
import { profileFromEmail } from '../../src-okta-sim/profile-from-email.js';
import type { ScimRequest } from '../../src-okta-sim/scim-request.js';
import { startLiveDirectory, type LiveDirectory } from './support/live-directory.js';
import { ScimSession } from './support/scim-session.js';

let dir: LiveDirectory;
beforeAll(async () => {
  dir = await startLiveDirectory();
});
afterAll(async () => {
  await dir?.close();
});

/** Member ids of a group as the directory returns it, sorted. */
async function memberIds(session: ScimSession, groupId: string): Promise<string[]> {
  const group = ScimGroup.parse(await session.expect(getGroup(groupId), 200));
  return group.members.map((m) => m.value).sort();
}

describe.each<OktaStyle>(['template', 'wizard'])('Okta %s app: Group Push', (style) => {
  let session: ScimSession;
  let sim: OktaSimulator;
  const people: GroupMember[] = [];
  const person = (i: number): GroupMember => {
    const p = people[i];
    if (!p) throw new Error(`person ${i} was not assigned`);
    return p;
  };
  const ids = (...indexes: number[]) => indexes.map((i) => person(i).value).sort();

  beforeAll(async () => {
    session = new ScimSession(dir);
    sim = new OktaSimulator(session.client, style);
    for (const name of ['ann', 'bob', 'cy']) {
      const email = `${style}.${name}@example.com`;
      const { user } = await sim.assign(profileFromEmail(email));
      people.push({ value: String(user['id']), display: email });
    }
  });

  it('creates the group empty, as Okta pushes it', async () => {
    const created = await session.expect(createGroup(`${style} engineers`), 201);
    expect(ScimGroup.parse(created)).toMatchObject({
      displayName: `${style} engineers`,
      members: [],
    });
  });

  it('changes membership: add, remove by filter, replace; then renames with the id in value', async () => {
    const found = await session.expect(findGroupByName(`${style} engineers`), 200);
    expect(found['totalResults']).toBe(1);
    const groupId = ScimGroup.parse((found['Resources'] as unknown[])[0]).id;
    const [ann, bob, cy] = [person(0), person(1), person(2)];
    const write = async (
      template: ScimRequest,
      members: GroupMember[],
      name = `${style} engineers`,
    ) => {
      const request = style === 'template' ? template : replaceGroup(groupId, name, members);
      const { response } = await session.send(request);
      expect([200, 204]).toContain(response.status);
    };

    await write(patchGroupMembers(groupId, { add: [ann, bob] }), [ann, bob]);
    expect(await memberIds(session, groupId)).toEqual(ids(0, 1));
    await write(patchGroupMembers(groupId, { remove: [ann.value] }), [bob]);
    expect(await memberIds(session, groupId)).toEqual(ids(1));
    await write(patchGroupReplaceMembers(groupId, [cy, ann]), [cy, ann]);
    expect(await memberIds(session, groupId)).toEqual(ids(0, 2));
    await write(patchGroupName(groupId, `${style} platform`), [cy, ann], `${style} platform`);
    const renamed = ScimGroup.parse(await session.expect(getGroup(groupId), 200));
    expect(renamed.displayName).toBe(`${style} platform`);
    expect(renamed.members.map((m) => m.value).sort()).toEqual(ids(0, 2));
    expect((await session.expect(findGroupByName(`${style} platform`), 200))['totalResults']).toBe(
      1,
    );
    expect((await session.expect(findGroupByName(`${style} engineers`), 200))['totalResults']).toBe(
      0,
    );
  });

  it("pushes a group end to end with the simulator, in Okta's order", async () => {
    const from = session.exchanges.length;
    const pushed = await sim.pushGroup(`${style} design`, [
      people[0]?.display ?? '',
      people[1]?.display ?? '',
    ]);
    const sent = session.exchanges
      .slice(from)
      .filter((e) => e.request.role === 'okta')
      .map((e) => e.request.method);
    expect(sent).toEqual(style === 'template' ? ['POST', 'PATCH', 'PATCH'] : ['POST', 'PUT']);
    const groupId = String(pushed['id']);
    expect(await memberIds(session, groupId)).toEqual(ids(0, 1));

    await sim.pushGroup(`${style} design`, [person(1).display, person(2).display]);
    expect(await memberIds(session, groupId)).toEqual(ids(1, 2));
  });

  it('deletes a pushed group when Okta unlinks it with "Delete the group in the target app"', async () => {
    const found = await session.expect(findGroupByName(`${style} design`), 200);
    const groupId = ScimGroup.parse((found['Resources'] as unknown[])[0]).id;
    expect((await session.send(deleteGroup(groupId))).response.status).toBe(204);
    expect((await session.send(getGroup(groupId))).response.status).toBe(404);
  });
});
