import { SCIM_ERROR_SCHEMA, type ScimErrorBody } from '../../src-shared/scim-messages.js';

export type ScimType =
  | 'invalidFilter'
  | 'tooMany'
  | 'uniqueness'
  | 'mutability'
  | 'invalidSyntax'
  | 'invalidPath'
  | 'noTarget'
  | 'invalidValue'
  | 'invalidVers'
  | 'sensitive';

/** A refusal the client can act on; `detail` says what to fix. */
export class ScimHttpError extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
    readonly scimType?: ScimType,
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
    this.name = 'ScimHttpError';
  }

  body(): ScimErrorBody {
    return {
      schemas: [SCIM_ERROR_SCHEMA],
      status: String(this.status),
      ...(this.scimType ? { scimType: this.scimType } : {}),
      detail: this.detail,
    };
  }
}

export const badRequest = (detail: string, scimType: ScimType = 'invalidValue') =>
  new ScimHttpError(400, detail, scimType);
export const notFound = (what: string, id: string) =>
  new ScimHttpError(404, `${what} ${JSON.stringify(id)} not found; list ${what}s to find its id`);
