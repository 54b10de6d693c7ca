import { HashQueueFullError } from '../passwords/hash-pool.js';
import { ScimHttpError } from './scim-error.js';

interface FastifyLikeError {
  code?: string;
  statusCode?: number;
  message?: string;
}

/**
 * Maps anything thrown while handling a SCIM request to the SCIM error the client sees.
 * Parser messages are never copied: V8's JSON errors quote the body, which may hold a password.
 */
export function toScimError(error: unknown, bodyLimit: number): ScimHttpError {
  if (error instanceof ScimHttpError) return error;
  if (error instanceof HashQueueFullError) {
    return new ScimHttpError(
      429,
      `the directory is busy hashing passwords; retry after ${error.retryAfterSeconds} s`,
      undefined,
      {
        'retry-after': String(error.retryAfterSeconds),
      },
    );
  }
  const e = (error ?? {}) as FastifyLikeError;
  switch (e.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new ScimHttpError(
        413,
        `the body is larger than ${bodyLimit} bytes; send one resource per request`,
        'tooMany',
      );
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new ScimHttpError(
        415,
        'send the body with Content-Type: application/scim+json (or application/json)',
        'invalidSyntax',
      );
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new ScimHttpError(400, 'the body is empty; send a JSON object', 'invalidSyntax');
  }
  if (error instanceof SyntaxError || e.code === 'FST_ERR_CTP_INVALID_JSON_BODY') {
    return new ScimHttpError(
      400,
      'the body is not valid JSON, or holds a forbidden "__proto__" or "constructor" key; fix the JSON',
      'invalidSyntax',
    );
  }
  if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
    return new ScimHttpError(
      e.statusCode,
      'the request is malformed; check the method, headers and body',
      'invalidSyntax',
    );
  }
  return new ScimHttpError(
    500,
    'the directory failed to handle this request; the error is in its log',
  );
}
