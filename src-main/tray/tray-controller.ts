/**
 * The tray's behaviour, free of Electron: follows the agent's status, keeps the tray view and the
 * open pages current, announces pending changes (with reminders), answers menu clicks and serves
 * every IPC channel. Electron (src-main/electron/) and the web shell plug in their own `TrayUi`.
 */
import type { AgentApi, AgentStatus } from '../../src-shared/agent-api.js';
import type {
  IpcEvent,
  TrayMenuItem,
  TrayView,
  WindowKind,
} from '../../src-shared/ipc-contract.js';
import type { IPC_EVENTS } from '../../src-shared/ipc-contract.js';
import type { z } from 'zod';
import type { AccountPlatform } from '../platform/account-platform.js';
import type { Clock, TimerHandle } from './clock.js';
import type { IpcHandlers } from './ipc-router.js';
import type { Logger } from '../../src-shared/logger.js';
import { passwordChangedNotification } from './notification-text.js';
import type { NotificationText } from './notification-text.js';
import { createPromptService } from './prompt-service.js';
import { createReminderScheduler } from './reminder-scheduler.js';
import {
  buildTrayView,
  pendingChange,
  unreachableTrayView,
  withLocallyApplied,
} from './tray-view.js';

export interface TrayUi {
  setTray(view: TrayView): void;
  notify(text: NotificationText, onClick: () => void): void;
  openWindow(kind: WindowKind): void;
  isWindowOpen(kind: WindowKind): boolean;
  broadcast<E extends IpcEvent>(event: E, data: z.infer<(typeof IPC_EVENTS)[E]>): void;
  quit(): void;
}

export interface TrayController {
  start(): Promise<void>;
  stop(): void;
  readonly handlers: IpcHandlers;
  menuClick(id: TrayMenuItem['id']): Promise<boolean>;
  currentView(): TrayView;
}

/** The tooltip's "last reached 5 minutes ago" is re-rendered this often. */
const REFRESH_MS = 60_000;

/** What the tray needs of the OS: which one it is, and the user-level password change. */
export type TrayPlatform = Pick<AccountPlatform, 'os' | 'changePassword'>;

export function createTrayController(deps: {
  agent: AgentApi;
  platform: TrayPlatform;
  clock: Clock;
  ui: TrayUi;
  logger: Logger;
}): TrayController {
  const { agent, clock, ui, logger } = deps;
  let status: AgentStatus | null = null;
  let view: TrayView = unreachableTrayView();
  let appliedLocally = 0;
  let unsubscribe: (() => void) | null = null;
  let refresh: TimerHandle | null = null;

  const reminders = createReminderScheduler({
    clock,
    notify: (_change, reminder) => {
      // No pop-up over the prompt the user is already looking at.
      if (reminder > 0 && ui.isWindowOpen('prompt')) return;
      const org = status?.policy.branding.organization ?? 'Okta';
      ui.notify(passwordChangedNotification(org), () => ui.openWindow('prompt'));
    },
  });

  const effective = (s: AgentStatus) => withLocallyApplied(s, appliedLocally);
  const render = () => {
    view = status ? buildTrayView(effective(status), clock.now()) : unreachableTrayView();
    ui.setTray(view);
    ui.broadcast('tray:changed', view);
  };
  const apply = (next: AgentStatus) => {
    status = next;
    const current = effective(next);
    render();
    ui.broadcast('status:changed', current);
    reminders.update(pendingChange(current));
  };
  const scheduleRefresh = () => {
    refresh = clock.after(REFRESH_MS, () => {
      render();
      scheduleRefresh();
    });
  };

  const prompts = createPromptService({
    agent,
    platform: deps.platform,
    logger,
    onApplied: (version) => {
      appliedLocally = Math.max(appliedLocally, version);
      reminders.markApplied(version);
      if (status) apply(status);
    },
    onApplying: (version) => reminders.hold(version),
    onApplyEnded: (version) => reminders.release(version),
  });

  const menuClick = async (id: TrayMenuItem['id']): Promise<boolean> => {
    const item = view.menu.find((m) => m.id === id);
    if (!item?.enabled) return false;
    switch (id) {
      case 'update-password':
        ui.openWindow('prompt');
        return true;
      case 'change-password':
        ui.openWindow('change-password');
        return true;
      case 'about':
        ui.openWindow('about');
        return true;
      case 'check-in':
        return checkIn();
      case 'quit':
        ui.quit();
        return true;
    }
  };

  const checkIn = async (): Promise<boolean> => {
    try {
      await agent.checkInNow();
      return true;
    } catch (error) {
      logger.warn(
        { error: error instanceof Error ? error.message : 'unknown' },
        'check-in request failed',
      );
      return false;
    }
  };

  const handlers: IpcHandlers = {
    'status:get': async () => effective(await agent.getStatus()),
    'prompt:submit': (payload) => prompts.submit(payload),
    'prompt:reset': (payload) => prompts.reset(payload),
    'change:submit': (payload) => prompts.changePassword(payload),
    'agent:check-in': async () => ({ ok: await checkIn() }),
    'window:close': async (_payload, context) => {
      context.closeWindow();
      return { ok: true };
    },
    'menu:click': async ({ id }) => ({ ok: await menuClick(id) }),
    'tray:get': async () => view,
  };

  return {
    async start() {
      unsubscribe = agent.onStatus(apply);
      scheduleRefresh();
      try {
        apply(await agent.getStatus());
      } catch (error) {
        logger.warn(
          { error: error instanceof Error ? error.message : 'unknown' },
          'agent did not answer at start',
        );
        render();
      }
    },
    stop() {
      unsubscribe?.();
      refresh?.cancel();
      reminders.stop();
    },
    handlers,
    menuClick,
    currentView: () => view,
  };
}
