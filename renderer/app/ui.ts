// The window-wide actions any view may trigger (select, open a dialog, remove with undo, check, tell the user),
// implemented once by the shell.
import { createContext, useContext } from 'react';
import type { TableRow } from '../lib/window-model';

import type { View } from './views';

export type { View } from './views';

export type DialogState =
  { kind: 'add' } | { kind: 'edit'; id: string } | { kind: 'import' } | { kind: 'quick-check' };

export interface UiActions {
  select: (id: string | null) => void;
  show: (view: View) => void;
  openDialog: (dialog: DialogState) => void;
  closeDialog: () => void;
  remove: (entry: Pick<TableRow, 'id' | 'target' | 'host' | 'port' | 'sni'>) => Promise<void>;
  checkNow: (ids?: string[]) => Promise<void>;
  notify: (text: string, tone?: 'info' | 'error') => void;
  refresh: () => Promise<void>;
}

export const UiContext = createContext<UiActions | null>(null);

export function useUi(): UiActions {
  const ui = useContext(UiContext);
  if (!ui) throw new Error('useUi() needs the app shell above it.');
  return ui;
}
