/**
 * The in-process transport: the agent runs inside the tray's main process, and this wrapper
 * checks every call's inputs and outputs exactly as the socket transport does, so the tray cannot
 * rely on something the bridge would refuse.
 */
import { AgentStatus } from '../../src-shared/agent-api.js';
import type { AgentApi } from '../../src-shared/agent-api.js';
import { agentApiCalls, checkRequest, dispatch } from './bridge-methods.js';
import type { BridgeResult, CallMethod } from './bridge-methods.js';

export function createInProcessAgentApi(api: AgentApi): AgentApi {
  const call = async <M extends CallMethod>(
    method: M,
    params: object,
  ): Promise<BridgeResult<M>> => {
    const request = checkRequest(method, params);
    if (request.method === 'subscribe') throw new Error('subscribe is not a call');
    return (await dispatch(api, request)) as BridgeResult<M>;
  };
  return {
    ...agentApiCalls(call),
    onStatus: (listener) =>
      api.onStatus((status) => {
        const checked = AgentStatus.safeParse(status);
        if (checked.success) listener(checked.data);
      }),
  };
}
