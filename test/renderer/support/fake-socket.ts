/** A scripted WebSocket for the web-shell client: records what the page sends, delivers what the test says. */
import type { ShellSocket } from '../../../src-renderer/web-shell-client.js';

type Frame = { id: number; channel: string; payload: unknown };

export class FakeSocket implements ShellSocket {
  onopen: (() => void) | null = null;
  onmessage: ((message: { data: unknown }) => void) | null = null;
  onclose: ((close: { code: number }) => void) | null = null;
  readonly sent: Frame[] = [];
  closedWith: number | null = null;

  constructor(
    readonly url: string,
    /** When set, answers each request like the web-shell server would. */
    private readonly server?: (frame: Frame) => unknown,
  ) {}

  send(data: string): void {
    const frame = JSON.parse(data) as Frame;
    this.sent.push(frame);
    if (!this.server) return;
    const reply = this.server(frame);
    if (reply !== undefined) queueMicrotask(() => this.receive(reply));
  }

  close(code?: number): void {
    this.closedWith = code ?? 1000;
  }

  open(): void {
    this.onopen?.();
  }

  /** Delivers a JSON frame. */
  receive(frame: unknown): void {
    this.onmessage?.({ data: JSON.stringify(frame) });
  }

  /** Delivers anything as it is (not JSON-encoded). */
  receiveRaw(data: unknown): void {
    this.onmessage?.({ data });
  }

  drop(code: number): void {
    this.onclose?.({ code });
  }
}

/** A server that accepts `token` and answers channels from `handlers` ({ error } for unknown ones). */
export function fakeShellServer(
  token: string,
  handlers: Record<string, (payload: unknown) => unknown>,
) {
  return (frame: Frame) => {
    if (frame.id === 0) {
      const ok =
        frame.channel === 'shell:hello' && (frame.payload as { token?: string }).token === token;
      return ok ? { id: 0, result: { ok: true } } : undefined;
    }
    const handler = handlers[frame.channel];
    return handler
      ? { id: frame.id, result: handler(frame.payload) }
      : { id: frame.id, error: `unknown channel ${frame.channel}` };
  };
}
