// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { connectBridge, createTransport } from '../../src-renderer/bridge.js';
import { createAppStore } from '../../src-renderer/store/app-store.js';
import { createWebShellTransport } from '../../src-renderer/web-shell-client.js';
import { FakeSocket } from './support/fake-socket.js';
import { makeStatus, TRAY } from './support/fixtures.js';

const settle = () => new Promise((r) => setTimeout(r, 0));

function shell(timeoutMs?: number) {
  let socket: FakeSocket | undefined;
  const transport = createWebShellTransport({
    url: 'ws://127.0.0.1:4100/ipc',
    token: 'tok-123',
    windowKind: null,
    openSocket: (url) => (socket = new FakeSocket(url)),
    ...(timeoutMs ? { timeoutMs } : {}),
  });
  if (!socket) throw new Error('no socket');
  return { transport, socket };
}

describe('web-shell handshake', () => {
  it('opens ws://same-host/ipc with no token in the URL and sends the token as the first frame', () => {
    window.history.replaceState(null, '', '/?window=prompt#token=abc.DEF-123');
    let url = '';
    const picked = createTransport(window, (u) => new FakeSocket((url = u)));
    expect(picked.ok && picked.transport.kind).toBe('web-shell');
    expect(picked.ok && picked.transport.windowKind).toBe('prompt');
    expect(url).toBe(`ws://${window.location.host}/ipc`);
    expect(url).not.toContain('abc');

    const { socket } = shell();
    socket.open();
    expect(socket.sent).toEqual([{ id: 0, channel: 'shell:hello', payload: { token: 'tok-123' } }]);
  });

  it('holds requests until the hello is answered, then sends them in order', async () => {
    const { transport, socket } = shell();
    const links: string[] = [];
    transport.onLink((state) => links.push(state));
    socket.open();
    const first = transport.invoke('status:get', {});
    const second = transport.invoke('tray:get', {});
    expect(socket.sent).toHaveLength(1);
    socket.receive({ id: 0, result: { ok: true } });
    expect(links).toEqual(['open']);
    expect(socket.sent.slice(1)).toEqual([
      { id: 1, channel: 'status:get', payload: {} },
      { id: 2, channel: 'tray:get', payload: {} },
    ]);
    socket.receive({ id: 2, result: 'tray' });
    socket.receive({ id: 1, error: 'agent is down' });
    await expect(second).resolves.toBe('tray');
    await expect(first).rejects.toThrow('Lockstep refused the request (agent is down).');
  });

  it('stays closed to requests when the hello answer is not a yes', () => {
    const { transport, socket } = shell();
    socket.open();
    void transport.invoke('status:get', {}).catch(() => undefined);
    socket.receive({ id: 0, result: { ok: false } });
    socket.receive({ id: 0, error: 'nope' });
    expect(socket.sent.map((f) => f.channel)).toEqual(['shell:hello']);
  });

  it('on a refused token (4401) says how to fix it and fails what was waiting', async () => {
    window.history.replaceState(null, '', '/#token=wrong');
    const store = createAppStore({ openWindow: null, showTrayPanel: true });
    let socket: FakeSocket | undefined;
    const picked = createTransport(window, (u) => (socket = new FakeSocket(u)));
    if (!picked.ok || !socket) throw new Error('expected a web-shell transport');
    const bridge = connectBridge(store, picked.transport);
    socket.open();
    const waiting = bridge.invoke('agent:check-in', {});
    socket.drop(4401);
    await expect(waiting).rejects.toThrow(/access key was refused/);
    expect(store.getState().link).toBe('closed');
    expect(store.getState().linkProblem).toMatch(
      /Open the address that `lockstep tray --web` printed/,
    );
    await expect(bridge.invoke('status:get', {})).rejects.toThrow(
      /connection to Lockstep was lost/,
    );
  });

  it('fails a request main never answers', async () => {
    const { transport, socket } = shell(20);
    socket.open();
    socket.receive({ id: 0, result: { ok: true } });
    await expect(transport.invoke('agent:check-in', {})).rejects.toThrow(/did not answer in time/);
  });
});

describe('web-shell frame validation', () => {
  it('drops malformed frames and unknown events, and keeps working', async () => {
    window.history.replaceState(null, '', '/#token=tok');
    const store = createAppStore({ openWindow: null, showTrayPanel: true });
    let socket: FakeSocket | undefined;
    const picked = createTransport(window, (u) => (socket = new FakeSocket(u)));
    if (!picked.ok || !socket) throw new Error('expected a web-shell transport');
    connectBridge(store, picked.transport);
    socket.open();
    socket.receive({ id: 0, result: { ok: true } });
    const statusId = socket.sent.find((f) => f.channel === 'status:get')?.id;

    socket.receiveRaw('{not json');
    socket.receiveRaw(new ArrayBuffer(8));
    socket.receiveRaw(`"${'x'.repeat(1_100_000)}"`);
    socket.receive([{ event: 'status:changed', data: makeStatus() }]);
    socket.receive({ event: 'status:changed', data: makeStatus(), extra: 1 });
    socket.receive({ id: statusId, result: makeStatus(), error: 'both' });
    socket.receive({
      event: 'tray:changed',
      data: { ...TRAY, menu: [{ id: 'rm -rf', label: 'x', enabled: true }] },
    });
    socket.receive({ event: 'window:open', data: { kind: 'prompt', url: 'https://evil.test' } });
    socket.receive({ event: 'shell:takeover', data: {} });
    socket.receive({ id: 999, result: makeStatus() });
    await settle();
    expect(store.getState().status).toBeNull();
    expect(store.getState().tray).toBeNull();
    expect(store.getState().openWindow).toBeNull();

    socket.receive({ id: statusId, result: makeStatus() });
    socket.receive({ event: 'window:open', data: { kind: 'about' } });
    await settle();
    expect(store.getState().status?.device?.hostname).toBe('jane-laptop');
    expect(store.getState().openWindow).toBe('about');
  });
});
