import type { DeviceApiError } from '../../src-shared/checkin-protocol.js';

export type DeviceErrorCode =
  | 'bad-request'
  | 'unauthorized'
  | 'forbidden'
  | 'not-found'
  | 'overloaded'
  | 'internal';

/** A device-API refusal with a reason an admin (or the agent's log) can act on. */
export class DeviceHttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: DeviceErrorCode,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'DeviceHttpError';
  }

  body(): DeviceApiError {
    return { error: { code: this.code, message: this.message } };
  }
}

export const unauthorized = (reason: string) => new DeviceHttpError(401, 'unauthorized', reason);
export const deviceBadRequest = (reason: string) => new DeviceHttpError(400, 'bad-request', reason);
