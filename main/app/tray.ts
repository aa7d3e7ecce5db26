// Hands the tray model to Electron: picks the icon file, sets the tooltip and rebuilds the menu when it changed.
// Electron's constructors arrive as arguments (see lifecycle.ts), so the fake tray in tests sees the same calls.
import path from 'node:path';
import type { TrayAction, TrayMenuItem, TrayModel, TrayStatus } from './tray-model';

/** The subset of Electron's MenuItemConstructorOptions the tray uses. */
export interface MenuTemplateItem {
  type?: 'normal' | 'separator' | 'checkbox' | 'submenu';
  label?: string;
  enabled?: boolean;
  checked?: boolean;
  click?: () => void;
  submenu?: MenuTemplateItem[];
}

export interface TrayLike<Image, Menu> {
  setImage(image: Image): void;
  setToolTip(toolTip: string): void;
  setContextMenu(menu: Menu | null): void;
  on(event: 'click', listener: () => void): unknown;
  destroy(): void;
}

export interface TrayPorts<Image, Menu> {
  newTray(image: Image): TrayLike<Image, Menu>;
  buildMenu(template: MenuTemplateItem[]): Menu;
  image(file: string): Image;
}

/** `ok.png` (with `ok@2x.png` beside it); macOS gets black-and-alpha template images it recolours itself. */
export function trayIconPath(iconDir: string, status: TrayStatus, platform: NodeJS.Platform): string {
  return path.join(iconDir, `${status}${platform === 'darwin' ? 'Template' : ''}.png`);
}

/** Electron reads `&` as a mnemonic marker on Windows and Linux; a label like "R&D proxy" must keep it. */
const literal = (label: string) => label.replace(/&/g, '&&');

export function menuTemplate(items: TrayMenuItem[], run: (action: TrayAction) => void): MenuTemplateItem[] {
  return items.map((item): MenuTemplateItem => {
    switch (item.kind) {
      case 'separator':
        return { type: 'separator' };
      case 'info':
        return { label: literal(item.label), enabled: false };
      case 'action':
        return { label: literal(item.label), enabled: item.enabled, click: () => run(item.action) };
      case 'checkbox':
        return {
          type: 'checkbox',
          label: literal(item.label),
          checked: item.checked,
          click: () => run(item.action),
        };
      case 'submenu':
        return { type: 'submenu', label: literal(item.label), submenu: menuTemplate(item.items, run) };
    }
  });
}

export interface TrayController {
  update(model: TrayModel): void;
  destroy(): void;
}

export function createTray<Image, Menu>(deps: {
  ports: TrayPorts<Image, Menu>;
  iconDir: string;
  platform: NodeJS.Platform;
  initial: TrayModel;
  run: (action: TrayAction) => void;
  /** Left click on Windows, where the menu opens on right click only; macOS and Linux open the menu. */
  onClick: () => void;
}): TrayController {
  const { ports, iconDir, platform, run } = deps;
  const tray = ports.newTray(ports.image(trayIconPath(iconDir, deps.initial.status, platform)));
  if (platform === 'win32') tray.on('click', deps.onClick);
  let shown: { status?: TrayStatus; tooltip?: string; menu?: string } = {};

  const update = (model: TrayModel) => {
    if (model.status !== shown.status)
      tray.setImage(ports.image(trayIconPath(iconDir, model.status, platform)));
    if (model.tooltip !== shown.tooltip) tray.setToolTip(model.tooltip);
    // Rebuilding an open menu closes it on some desktops, so only rebuild when its content changed.
    const menu = JSON.stringify(model.items);
    if (menu !== shown.menu) tray.setContextMenu(ports.buildMenu(menuTemplate(model.items, run)));
    shown = { status: model.status, tooltip: model.tooltip, menu };
  };
  update(deps.initial);
  return { update, destroy: () => tray.destroy() };
}
