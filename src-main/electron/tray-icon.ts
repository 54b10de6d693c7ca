/**
 * The tray icon and its menu, drawn from a `TrayView`. Icons live in packaging/icons (macOS gets
 * template images so they follow the menu bar's light/dark appearance).
 */
import path from 'node:path';
import { Menu, Tray, nativeImage } from 'electron';
import type { TrayMenuItem, TrayView } from '../../src-shared/ipc-contract.js';

export interface TrayIcon {
  update(view: TrayView): void;
  destroy(): void;
}

export function iconFile(
  iconDir: string,
  state: TrayView['icon'],
  platform: NodeJS.Platform,
): string {
  return path.join(
    iconDir,
    platform === 'darwin' ? `tray-${state}Template.png` : `tray-${state}.png`,
  );
}

export function createTrayIcon(deps: {
  iconDir: string;
  onClick: (id: TrayMenuItem['id']) => void;
}): TrayIcon {
  const tray = new Tray(
    nativeImage.createFromPath(iconFile(deps.iconDir, 'in-sync', process.platform)),
  );
  return {
    update(view) {
      tray.setImage(
        nativeImage.createFromPath(iconFile(deps.iconDir, view.icon, process.platform)),
      );
      tray.setToolTip(view.tooltip);
      tray.setContextMenu(
        Menu.buildFromTemplate(
          view.menu.flatMap((item, i) => [
            ...(item.id === 'quit' && i > 0 ? [{ type: 'separator' as const }] : []),
            {
              id: item.id,
              label: item.label,
              enabled: item.enabled,
              click: () => deps.onClick(item.id),
            },
          ]),
        ),
      );
    },
    destroy: () => tray.destroy(),
  };
}
