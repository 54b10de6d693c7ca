/**
 * The fixture the tray suites share: a directory, one enrolled device whose root agent took over
 * an existing throwaway account (bound with --takeover), that user's tray web shell running as the
 * user over its bridge socket, and Chromium on the tray page. `close` ends every process and
 * removes every account it made, whatever state a failed test left behind.
 */
import { readFileSync, statSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { ThrowawayAccounts, type TestAccount } from '../../native/support/linux-accounts.js';
import type { RunningProcess } from './child-processes.js';
import type { DeviceUserView } from './directory-views.js';
import { LockstepSite, type Device, type TrayShell } from './lockstep-site.js';
import { launchChromium, TrayPage } from './tray-page.js';
import { waitUntil } from './wait-until.js';

export class TrayDevice {
  readonly accounts = new ThrowawayAccounts();
  readonly timings: string[] = [];
  site!: LockstepSite;
  device!: Device;
  agent!: RunningProcess;
  /** The account Lockstep manages; its password starts as `devicePassword`. */
  user!: TestAccount;
  /** An unprivileged account that tries real `su` logins, as another local user would. */
  asker!: TestAccount;
  email = '';
  tray!: TrayShell;
  page!: TrayPage;
  private browser: Browser | null = null;

  async start(devicePassword: string): Promise<void> {
    this.site = new LockstepSite();
    await this.site.start();
    this.asker = this.accounts.create();
    this.user = this.accounts.create(devicePassword);
    this.email = `${this.user.name}@example.com`;
    await this.site.okta('assign', this.email);
    this.device = await this.site.enroll();
    // The account exists already: the agent takes it over rather than creating one.
    await this.site.admin([
      'bind',
      '--user',
      this.email,
      '--device',
      this.device.deviceId,
      '--takeover',
    ]);
    await this.startAgent();
    this.browser = await launchChromium();
    await this.startTray();
  }

  /** Starts `agent run` and waits until it serves the user's socket. */
  async startAgent(): Promise<void> {
    this.agent = await this.site.startAgent(this.device, { bridge: true });
    await waitUntil(
      'the agent serves the user a socket',
      () => isSocket(this.site.socketPathFor(this.user)),
      {
        timeoutMs: 15_000,
      },
    );
  }

  /** A new tray session for the user (as after signing in again), with a fresh page on it. */
  async startTray(): Promise<void> {
    if (!this.browser) throw new Error('start() first');
    await this.page?.close();
    this.tray = await this.site.startTray(this.user);
    this.page = await TrayPage.open(this.browser, this.tray.url);
  }

  deviceUser(): Promise<DeviceUserView | null> {
    return this.site.deviceUser(this.device.deviceId, this.email);
  }

  /** Password versions this device reported applied, per the directory's audit log. */
  async appliedVersions(): Promise<unknown[]> {
    const actor = `device:${this.device.deviceId}`;
    return (await this.site.audit())
      .filter(
        (e) => e.action === 'device.password-apply' && e.outcome === 'success' && e.actor === actor,
      )
      .map((e) => e.detail.passwordVersion);
  }

  /** Notifications the current tray has shown (the web shell logs each one). */
  notifications(): number {
    return this.tray.process.lines.filter((l) => l.includes('"msg":"notification"')).length;
  }

  transcript(): string {
    return this.site?.processes.transcript() ?? '';
  }

  async close(title: string): Promise<void> {
    try {
      await this.browser?.close();
      await this.site?.close();
    } finally {
      this.accounts.removeAll();
    }
    if (this.timings.length > 0) console.log(`${title} timings:\n  ${this.timings.join('\n  ')}`);
  }
}

export function uidOf(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').match(/^Uid:\s+(\d+)/m);
  return Number(line?.[1]);
}

function isSocket(file: string): boolean {
  try {
    return statSync(file).isSocket();
  } catch {
    return false;
  }
}
