import {
  SCIM_ENTERPRISE_USER_SCHEMA,
  SCIM_USER_SCHEMA,
  ScimUserInput,
} from '../../src-shared/scim-user.js';
import { canonicalize, shapeOf } from './attribute-names.js';
import { badRequest } from './scim-error.js';
import { describeIssues } from './zod-detail.js';

const USER_SHAPE = shapeOf(ScimUserInput);
const KNOWN_USER_SCHEMAS = [SCIM_USER_SCHEMA, SCIM_ENTERPRISE_USER_SCHEMA];

/** Validates a POST/PUT User body, or a User after PATCH, into canonical attributes. */
export function parseUserInput(body: unknown): ScimUserInput {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw badRequest('the body must be a JSON object holding a SCIM User', 'invalidSyntax');
  }
  const canonical = canonicalize(body, USER_SHAPE) as Record<string, unknown>;
  checkSchemas(canonical, KNOWN_USER_SCHEMAS, SCIM_USER_SCHEMA);
  const parsed = ScimUserInput.safeParse(canonical);
  if (!parsed.success) throw badRequest(describeIssues(parsed.error, 'User'));
  const schemas = [SCIM_USER_SCHEMA];
  if (parsed.data[SCIM_ENTERPRISE_USER_SCHEMA]) schemas.push(SCIM_ENTERPRISE_USER_SCHEMA);
  return { ...parsed.data, schemas };
}

/**
 * The body must name the core schema, may name known extensions, and must not carry attributes
 * of an extension this directory does not know (they would be silently lost on the round trip).
 */
export function checkSchemas(
  body: Record<string, unknown>,
  known: readonly string[],
  core: string,
): void {
  const schemas = body['schemas'];
  if (!Array.isArray(schemas) || !schemas.every((s) => typeof s === 'string')) {
    throw badRequest(
      `"schemas" must be a list of schema URNs including "${core}"`,
      'invalidSyntax',
    );
  }
  const lower = known.map((k) => k.toLowerCase());
  const unknown = (schemas as string[]).find((s) => !lower.includes(s.toLowerCase()));
  if (unknown !== undefined) {
    throw badRequest(
      `unknown schema ${JSON.stringify(unknown)}; this directory supports ${known.join(', ')}`,
      'invalidValue',
    );
  }
  if (!(schemas as string[]).some((s) => s.toLowerCase() === core.toLowerCase())) {
    throw badRequest(`"schemas" must include "${core}"`, 'invalidValue');
  }
  const stray = Object.keys(body).find(
    (k) => k.toLowerCase().startsWith('urn:') && !lower.includes(k.toLowerCase()),
  );
  if (stray !== undefined) {
    throw badRequest(
      `attributes of unknown schema ${JSON.stringify(stray)}; this directory supports ${known.join(', ')}`,
      'invalidValue',
    );
  }
  for (let i = 0; i < schemas.length; i++) {
    const match = known.find((k) => k.toLowerCase() === (schemas[i] as string).toLowerCase());
    if (match !== undefined) schemas[i] = match;
  }
}
