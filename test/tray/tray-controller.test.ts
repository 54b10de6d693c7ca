import { describe, expect, it } from 'vitest';
import { createTrayController } from '../../src-main/tray/tray-controller.js';
import { silentLogger } from '../../src-shared/logger.js';
import { createFakeAgent, createFakeClock, createFakePlatform, makeStatus } from './fakes.js';
import { createRecordingUi } from './fake-ui.js';

const sender = { kind: 'web-shell' as const, connectionId: 1, authenticated: true };

async function setup(status = makeStatus({ pendingVersion: 2 })) {
  const agent = createFakeAgent(status);
  const platform = createFakePlatform();
  const clock = createFakeClock();
  const ui = createRecordingUi();
  const controller = createTrayController({ agent, platform, clock, ui, logger: silentLogger });
  await controller.start();
  return { agent, platform, clock, ui, controller };
}

describe('tray controller', () => {
  it('a pending change shows the badge and a notification whose click opens the prompt', async () => {
    const { ui } = await setup();
    expect(ui.tray?.icon).toBe('action-needed');
    expect(ui.notifications).toHaveLength(1);
    expect(ui.notifications[0]?.body).toBe(
      'Your Okta password was changed. Update this device so you can keep signing in with it.',
    );
    ui.notifications[0]?.click();
    expect(ui.opened).toEqual(['prompt']);
  });

  it('after a successful update: badge gone, reminders stop, pages hear the new tray', async () => {
    const { ui, controller, clock } = await setup();
    const result = await controller.handlers['prompt:submit'](
      { newPassword: 'N3w-0kta-pass!', previousPassword: 'old-device-pass' },
      { sender, closeWindow: () => undefined },
    );
    expect(result.ok).toBe(true);
    expect(ui.tray?.icon).toBe('in-sync');
    expect(ui.tray?.menu.map((m) => m.label)).not.toContain('Update password…');
    clock.advance(3 * 3_600_000);
    expect(ui.notifications).toHaveLength(1);
    expect(ui.events.filter((e) => e.event === 'tray:changed').at(-1)?.data).toEqual(ui.tray);
  });

  it('reminders are not shown over an open prompt', async () => {
    const { ui, clock } = await setup();
    ui.open.add('prompt');
    clock.advance(60 * 60_000);
    expect(ui.notifications).toHaveLength(1);
  });

  it('a newer change pushed by the agent re-announces', async () => {
    const { ui, agent } = await setup();
    agent.push(makeStatus({ pendingVersion: 3 }));
    expect(ui.notifications).toHaveLength(2);
  });

  it('menu clicks open windows, check in and quit; a hidden item does nothing', async () => {
    const { ui, controller, agent } = await setup();
    expect(await controller.menuClick('update-password')).toBe(true);
    expect(await controller.menuClick('about')).toBe(true);
    expect(await controller.menuClick('check-in')).toBe(true);
    expect(await controller.menuClick('change-password')).toBe(false);
    expect(await controller.menuClick('quit')).toBe(true);
    expect(ui.opened).toEqual(['prompt', 'about']);
    expect(agent.calls).toContain('checkInNow');
    expect(ui.quitCalls).toBe(1);
  });

  it('the tooltip keeps "last reached" current as time passes', async () => {
    const { ui, clock } = await setup(makeStatus({ connection: 'offline' }));
    expect(ui.tray?.tooltip).toContain('5 minutes ago');
    clock.advance(60 * 60_000);
    expect(ui.tray?.tooltip).toContain('1 hour ago');
  });

  it('an agent that is down at start shows the unreachable tray', async () => {
    const agent = createFakeAgent(makeStatus());
    agent.fail = new Error('ECONNREFUSED') as never;
    const ui = createRecordingUi();
    const controller = createTrayController({
      agent,
      platform: createFakePlatform(),
      clock: createFakeClock(),
      ui,
      logger: silentLogger,
    });
    await controller.start();
    expect(ui.tray?.tooltip).toContain('not answering');
  });

  it('window:close closes the asking window only', async () => {
    const { controller } = await setup();
    let closed = 0;
    await controller.handlers['window:close']({}, { sender, closeWindow: () => closed++ });
    expect(closed).toBe(1);
  });

  describe('self-service change while the agent already reports its new version as pending', () => {
    // The real agent checks in right after the directory accepts the change, so the new version
    // arrives as "pending" while the user's own local change is still running.
    async function changeOwnPassword(currentPassword: string) {
      const t = await setup(makeStatus({ policy: { passwordAuthority: 'directory' } }));
      const change = t.platform.changePassword.bind(t.platform);
      t.platform.changePassword = async (username, previous, next) => {
        t.agent.push(makeStatus({ policy: { passwordAuthority: 'directory' }, pendingVersion: 2 }));
        await change(username, previous, next);
      };
      const result = await t.controller.handlers['change:submit'](
        { currentPassword, newPassword: 'Own-choice-Vb6$Lm' },
        { sender, closeWindow: () => undefined },
      );
      return { ...t, result };
    }

    it('the user is not told to update the device with the password they just chose', async () => {
      const { ui, result } = await changeOwnPassword('old-device-pass');
      expect(result.ok).toBe(true);
      expect(ui.notifications).toHaveLength(0);
    });

    it('when the local change fails, the pending change is announced after all', async () => {
      const { ui, result } = await changeOwnPassword('not-the-device-password');
      expect(result.ok).toBe(false);
      expect(ui.notifications).toHaveLength(1);
    });
  });
});
