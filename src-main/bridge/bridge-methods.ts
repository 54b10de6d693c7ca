/**
 * The bridge's method table: how each wire method calls an `AgentApi` and what its result must
 * look like. The socket server, the socket client and the in-process wrapper all check against it,
 * so every transport accepts and returns exactly the same shapes.
 */
import { z } from 'zod';
import {
  AgentApiError,
  AgentStatus,
  BridgeRequest,
  ResetResult,
  VerifyResult,
} from '../../src-shared/agent-api.js';
import type { AgentApi } from '../../src-shared/agent-api.js';

export type BridgeMethod = BridgeRequest['method'];
export type CallMethod = Exclude<BridgeMethod, 'subscribe'>;

/** Void results travel as `null` so every response has a `result` field. */
export const BRIDGE_RESULTS = {
  getStatus: AgentStatus,
  checkInNow: z.null(),
  verifyNewPassword: VerifyResult,
  reportPasswordApplied: z.null(),
  resetPassword: ResetResult,
  requestPasswordChange: z.object({ version: z.number().int().min(1) }).strict(),
  subscribe: z.null(),
} as const satisfies Record<BridgeMethod, z.ZodType>;

export type BridgeResult<M extends BridgeMethod> = z.infer<(typeof BRIDGE_RESULTS)[M]>;

/** Checks a call's parameters with the wire schema; throws `invalid-request` naming what is wrong. */
export function checkRequest(method: BridgeMethod, params: unknown): BridgeRequest {
  const parsed = BridgeRequest.safeParse({ id: 0, method, params });
  if (!parsed.success) throw new AgentApiError('invalid-request', describeIssues(parsed.error));
  return parsed.data;
}

export function checkResult<M extends BridgeMethod>(method: M, value: unknown): BridgeResult<M> {
  const parsed = BRIDGE_RESULTS[method].safeParse(value);
  if (!parsed.success) {
    throw new AgentApiError(
      'internal',
      `The agent's answer to ${method} was malformed (${describeIssues(parsed.error)}).`,
    );
  }
  return parsed.data as BridgeResult<M>;
}

/** Runs a validated request against `api` and returns its checked result. */
export async function dispatch(
  api: AgentApi,
  request: Exclude<BridgeRequest, { method: 'subscribe' }>,
): Promise<unknown> {
  switch (request.method) {
    case 'getStatus':
      return checkResult('getStatus', await api.getStatus());
    case 'checkInNow':
      await api.checkInNow();
      return null;
    case 'verifyNewPassword':
      return checkResult('verifyNewPassword', await api.verifyNewPassword(request.params));
    case 'reportPasswordApplied':
      await api.reportPasswordApplied(request.params);
      return null;
    case 'resetPassword':
      return checkResult('resetPassword', await api.resetPassword(request.params));
    case 'requestPasswordChange':
      return checkResult('requestPasswordChange', await api.requestPasswordChange(request.params));
  }
}

/** Names the fields at fault and why, never their values (they may be passwords). */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.length ? issue.path.join('.') : 'message'}: ${issue.message}`)
    .join('; ');
}

/** Any transport that can carry one checked call. */
export type CallTransport = <M extends CallMethod>(
  method: M,
  params: object,
) => Promise<BridgeResult<M>>;

/** The `AgentApi` calls, each mapped onto a transport's `call` (events stay with the transport). */
export function agentApiCalls(call: CallTransport): Omit<AgentApi, 'onStatus'> {
  return {
    getStatus: () => call('getStatus', {}),
    checkInNow: async () => {
      await call('checkInNow', {});
    },
    verifyNewPassword: (params) => call('verifyNewPassword', params),
    reportPasswordApplied: async (params) => {
      await call('reportPasswordApplied', params);
    },
    resetPassword: (params) => call('resetPassword', params),
    requestPasswordChange: (params) => call('requestPasswordChange', params),
  };
}
