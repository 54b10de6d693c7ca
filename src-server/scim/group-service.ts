import type { ScimResource } from 'scim-patch';
import { SCIM_GROUP_SCHEMA, ScimGroupInput } from '../../src-shared/scim-group.js';
import type { DirectoryStore } from '../store/directory-store.js';
import type { GroupMember, GroupRecord, GroupWrite } from '../store/group-types.js';
import { canonicalize, shapeOf } from './attribute-names.js';
import { KeyedLock } from './keyed-lock.js';
import { applyPatch, parsePatchRequest } from './patch-operations.js';
import { omit } from './omit.js';
import { badRequest, notFound } from './scim-error.js';
import { checkSchemas } from './user-input.js';
import { describeIssues } from './zod-detail.js';

const GROUP_SHAPE = shapeOf(ScimGroupInput) ?? {};

/** Groups pushed from Okta, with membership stored as user ids. */
export class ScimGroupService {
  private readonly locks = new KeyedLock();

  constructor(private readonly store: DirectoryStore) {}

  async get(id: string): Promise<GroupRecord> {
    const group = await this.store.getGroup(id);
    if (!group) throw notFound('Group', id);
    return group;
  }

  async create(body: unknown, actor: string): Promise<GroupRecord> {
    const write = await this.writeFrom(parseGroupInput(body));
    return this.store.createGroup(write, {
      actor,
      action: 'group.create',
      target: null,
      outcome: 'success',
      detail: summary(write),
    });
  }

  async replace(id: string, body: unknown, actor: string): Promise<GroupRecord> {
    return this.locks.run(id, async () => {
      const group = await this.get(id);
      const write = await this.writeFrom(parseGroupInput(body));
      return this.store.updateGroup(id, group.revision, write, {
        actor,
        action: 'group.replace',
        target: id,
        outcome: 'success',
        detail: summary(write),
      });
    });
  }

  async patch(id: string, body: unknown, actor: string): Promise<GroupRecord> {
    return this.locks.run(id, async () => {
      const group = await this.get(id);
      const ops = parsePatchRequest(body, GROUP_SHAPE, SCIM_GROUP_SCHEMA);
      const resource = {
        schemas: [SCIM_GROUP_SCHEMA],
        id: group.id,
        displayName: group.displayName,
        ...(group.externalId === null ? {} : { externalId: group.externalId }),
        members: group.members.map((m) => ({
          value: m.value,
          ...(m.display === null ? {} : { display: m.display }),
        })),
        meta: { created: new Date(group.createdAt), lastModified: new Date(group.updatedAt) },
      } as ScimResource;
      const patched = omit(applyPatch(resource, ops), ['meta']) as Record<string, unknown>;
      // Okta renames with the group id inside a path-less value; any other id is an attempt to move it.
      if (patched['id'] !== group.id)
        throw badRequest('"id" is assigned by the directory and cannot be changed', 'mutability');
      const write = await this.writeFrom(parseGroupInput(patched));
      const before = new Set(group.members.map((m) => m.value));
      const after = new Set(write.members.map((m) => m.value));
      return this.store.updateGroup(id, group.revision, write, {
        actor,
        action: 'group.patch',
        target: id,
        outcome: 'success',
        detail: {
          displayName: write.displayName,
          added: [...after].filter((m) => !before.has(m)),
          removed: [...before].filter((m) => !after.has(m)),
        },
      });
    });
  }

  async delete(id: string, actor: string): Promise<void> {
    const gone = await this.store.deleteGroup(id, {
      actor,
      action: 'group.delete',
      target: id,
      outcome: 'success',
    });
    if (!gone) throw notFound('Group', id);
  }

  private async writeFrom(input: ScimGroupInput): Promise<GroupWrite> {
    const members = new Map<string, GroupMember>();
    for (const m of input.members ?? [])
      members.set(m.value, { value: m.value, display: m.display ?? null });
    const known = await this.store.existingUserIds([...members.keys()]);
    const unknown = [...members.keys()].filter((id) => !known.has(id));
    if (unknown.length > 0) {
      throw badRequest(
        `members ${unknown
          .slice(0, 5)
          .map((v) => JSON.stringify(v))
          .join(', ')} are not ids of users in this directory; push the users before the group`,
      );
    }
    return {
      displayName: input.displayName,
      externalId: input.externalId ?? null,
      members: [...members.values()],
    };
  }
}

export function parseGroupInput(body: unknown): ScimGroupInput {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw badRequest('the body must be a JSON object holding a SCIM Group', 'invalidSyntax');
  }
  const canonical = canonicalize(body, GROUP_SHAPE) as Record<string, unknown>;
  checkSchemas(canonical, [SCIM_GROUP_SCHEMA], SCIM_GROUP_SCHEMA);
  const parsed = ScimGroupInput.safeParse(canonical);
  if (!parsed.success) throw badRequest(describeIssues(parsed.error, 'Group'));
  return parsed.data;
}

function summary(write: GroupWrite): Record<string, unknown> {
  return { displayName: write.displayName, members: write.members.length };
}
