import { afterEach, describe, expect, it } from 'vitest';
import { helloSocket, startTestShell } from './web-shell-harness.js';
import { makeStatus } from './fakes.js';

let cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanup) await c();
  cleanup = [];
});

describe('web shell', () => {
  it('prints an address on loopback with a 256-bit token in the fragment', async () => {
    const t = await startTestShell();
    cleanup.push(() => t.shell.close());
    expect(t.shell.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#token=[A-Za-z0-9_-]{43}$/);
  });

  it('serves the page with the CSP that names its own WebSocket', async () => {
    const t = await startTestShell();
    cleanup.push(() => t.shell.close());
    const res = await fetch(`${t.shell.origin}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain(
      `connect-src 'self' ws://127.0.0.1:${t.shell.port}`,
    );
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('after the hello: the tray panel arrives, and prompt:submit runs the real flow', async () => {
    const t = await startTestShell();
    cleanup.push(() => t.shell.close());
    const s = await helloSocket(t.shell.origin, t.token);
    cleanup.push(() => s.ws.close());
    const tray = await s.next((f) => f.event === 'tray:changed');
    expect((tray.data as { icon: string }).icon).toBe('action-needed');
    s.send({
      id: 1,
      channel: 'prompt:submit',
      payload: { newPassword: 'wrong', previousPassword: 'old-device-pass' },
    });
    expect((await s.next((f) => f.id === 1)).result).toMatchObject({
      ok: false,
      error: 'new-password-mismatch',
    });
    expect(t.platform.changeCalls).toBe(0);
    s.send({
      id: 2,
      channel: 'prompt:submit',
      payload: { newPassword: 'N3w-0kta-pass!', previousPassword: 'old-device-pass' },
    });
    expect((await s.next((f) => f.id === 2)).result).toMatchObject({ ok: true });
    const after = await s.next(
      (f) => f.event === 'tray:changed' && (f.data as { icon: string }).icon === 'in-sync',
    );
    expect(
      (after.data as { menu: Array<{ label: string }> }).menu.map((m) => m.label),
    ).not.toContain('Update password…');
  });

  it('menu:click asks the page to open the window; quit reaches the shell', async () => {
    const t = await startTestShell({ status: makeStatus({ pendingVersion: 2 }) });
    cleanup.push(() => t.shell.close());
    const s = await helloSocket(t.shell.origin, t.token);
    cleanup.push(() => s.ws.close());
    s.send({ id: 1, channel: 'menu:click', payload: { id: 'update-password' } });
    expect((await s.next((f) => f.event === 'window:open')).data).toEqual({ kind: 'prompt' });
    expect((await s.next((f) => f.id === 1)).result).toEqual({ ok: true });
    s.send({ id: 2, channel: 'menu:click', payload: { id: 'quit' } });
    await s.next((f) => f.id === 2);
    expect(t.quits()).toBe(1);
  });

  it('status pushes from the agent reach the page as status:changed and tray:changed', async () => {
    const t = await startTestShell({ status: makeStatus() });
    cleanup.push(() => t.shell.close());
    const s = await helloSocket(t.shell.origin, t.token);
    cleanup.push(() => s.ws.close());
    t.agent.push(makeStatus({ state: 'suspended' }));
    expect(
      ((await s.next((f) => f.event === 'status:changed')).data as { account: { state: string } })
        .account.state,
    ).toBe('suspended');
    expect(
      (
        (
          await s.next(
            (f) => f.event === 'tray:changed' && (f.data as { icon: string }).icon === 'suspended',
          )
        ).data as { tooltip: string }
      ).tooltip,
    ).toContain('suspended');
  });
});
