/** A `TrayUi` that records what a user would see: tray view, notifications, open windows, events. */
import type { TrayView, WindowKind } from '../../src-shared/ipc-contract.js';
import type { TrayUi } from '../../src-main/tray/tray-controller.js';
import type { NotificationText } from '../../src-main/tray/notification-text.js';

export interface RecordingUi extends TrayUi {
  tray: TrayView | null;
  notifications: Array<NotificationText & { click: () => void }>;
  opened: WindowKind[];
  open: Set<WindowKind>;
  events: Array<{ event: string; data: unknown }>;
  quitCalls: number;
}

export function createRecordingUi(): RecordingUi {
  const ui: RecordingUi = {
    tray: null,
    notifications: [],
    opened: [],
    open: new Set(),
    events: [],
    quitCalls: 0,
    setTray: (view) => void (ui.tray = view),
    notify: (text, onClick) => void ui.notifications.push({ ...text, click: onClick }),
    openWindow: (kind) => {
      ui.opened.push(kind);
      ui.open.add(kind);
    },
    isWindowOpen: (kind) => ui.open.has(kind),
    broadcast: (event, data) => void ui.events.push({ event, data }),
    quit: () => void ui.quitCalls++,
  };
  return ui;
}
