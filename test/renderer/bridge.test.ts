// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { connectBridge, createTransport } from '../../src-renderer/bridge.js';
import { createAppStore } from '../../src-renderer/store/app-store.js';
import { FakeRendererApi } from './support/fake-renderer-api.js';
import { makeStatus, TRAY } from './support/fixtures.js';
import { removeLockstep } from './support/render-app.js';

afterEach(removeLockstep);

const settle = () => new Promise((r) => setTimeout(r, 0));

function electron(handlers: ConstructorParameters<typeof FakeRendererApi>[1] = {}) {
  const api = new FakeRendererApi('about', { 'status:get': () => makeStatus(), ...handlers });
  Object.assign(window, { lockstep: api });
  const picked = createTransport(window, () => {
    throw new Error('no socket in Electron');
  });
  if (!picked.ok) throw new Error(picked.problem);
  const store = createAppStore({ openWindow: picked.transport.windowKind, showTrayPanel: false });
  return {
    api,
    store,
    bridge: connectBridge(store, picked.transport),
    transport: picked.transport,
  };
}

describe('bridge over the Electron preload', () => {
  it('uses window.lockstep when present, with its window kind', () => {
    const { transport, bridge } = electron();
    expect(transport.kind).toBe('electron');
    expect(transport.windowKind).toBe('about');
    expect(bridge.kind).toBe('electron');
  });

  it('subscribes to main once, and lets go on dispose', async () => {
    const { api, bridge } = electron();
    await settle();
    expect(api.listenerCount()).toBe(3);
    expect(api.callsTo('status:get')).toHaveLength(1);
    bridge.dispose();
    expect(api.listenerCount()).toBe(0);
  });

  it('stores valid events and drops malformed or unknown ones', async () => {
    const { api, store } = electron();
    await settle();
    const before = store.getState().status;
    api.emit('status:changed', { ...makeStatus(), injected: 'extra field' });
    api.emit('status:changed', 'not a status');
    api.emit('tray:changed', { ...TRAY, icon: 'on-fire' });
    api.emit('window:open', { kind: 'settings' });
    api.emit('keychain:dump', { all: true });
    expect(store.getState().status).toBe(before);
    expect(store.getState().tray).toBeNull();
    expect(store.getState().openWindow).toBe('about');

    api.emit('tray:changed', TRAY);
    api.emit('window:open', { kind: 'prompt' });
    expect(store.getState().tray).toEqual(TRAY);
    expect(store.getState().openWindow).toBe('prompt');
  });

  it('rejects a result that does not match the contract', async () => {
    const { bridge } = electron({
      'prompt:submit': () => ({ ok: true, message: 'fine', hint: null, password: 'leak' }),
      'agent:check-in': () => ({ ok: 'yes' }),
    });
    await expect(
      bridge.invoke('prompt:submit', { newPassword: 'a', previousPassword: 'b' }),
    ).rejects.toThrow(/cannot read/);
    await expect(bridge.invoke('agent:check-in', {})).rejects.toThrow(/cannot read/);
  });

  it('refuses to send a payload the contract does not allow', async () => {
    const { api, bridge } = electron({
      'prompt:submit': () => ({ ok: true, message: '', hint: null }),
    });
    await expect(
      bridge.invoke('prompt:submit', { newPassword: '', previousPassword: 'b' }),
    ).rejects.toThrow(/invalid prompt:submit/);
    expect(api.callsTo('prompt:submit')).toEqual([]);
  });
});

describe('choosing the link to main', () => {
  it('without a preload and without a token, says how to open the page', () => {
    window.history.replaceState(null, '', '/');
    const picked = createTransport(window, () => {
      throw new Error('must not open a socket without a token');
    });
    expect(picked).toEqual({ ok: false, problem: expect.stringMatching(/needs its access key/) });
  });
});
