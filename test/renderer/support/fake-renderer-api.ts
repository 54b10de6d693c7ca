/** A stand-in for the preload's `window.lockstep`: scripted answers, recorded calls, pushable events. */
import type {
  IpcChannel,
  IpcEvent,
  IpcPayload,
  IpcResult,
  RendererApi,
  WindowKind,
} from '../../../src-shared/ipc-contract.js';

type Handler = (payload: unknown) => unknown;

export class FakeRendererApi implements RendererApi {
  readonly calls: Array<{ channel: IpcChannel; payload: unknown }> = [];
  private readonly listeners = new Map<string, Set<(data: never) => void>>();

  constructor(
    readonly windowKind: WindowKind,
    readonly handlers: Partial<Record<IpcChannel, Handler>>,
  ) {}

  invoke<C extends IpcChannel>(channel: C, payload: IpcPayload<C>): Promise<IpcResult<C>> {
    this.calls.push({ channel, payload });
    const handler = this.handlers[channel];
    if (!handler) return Promise.reject(new Error(`no handler for ${channel}`));
    return Promise.resolve().then(() => handler(payload) as IpcResult<C>);
  }

  on: RendererApi['on'] = (event, listener) => {
    const set = this.listeners.get(event) ?? new Set();
    this.listeners.set(event, set);
    set.add(listener as (data: never) => void);
    return () => set.delete(listener as (data: never) => void);
  };

  /** Pushes an event as main would; `data` is deliberately untyped so tests can send junk. */
  emit(event: IpcEvent | string, data: unknown): void {
    for (const listener of this.listeners.get(event) ?? [])
      (listener as (d: unknown) => void)(data);
  }

  listenerCount(): number {
    return [...this.listeners.values()].reduce((n, set) => n + set.size, 0);
  }

  callsTo(channel: IpcChannel): unknown[] {
    return this.calls.filter((c) => c.channel === channel).map((c) => c.payload);
  }
}

/** A promise the test settles by hand, to look at the window while a call is in flight. */
export function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}
