// The only module that touches ipcMain: one handler per contract channel, each checking the sender and the
// payload's schema before the watch engine sees it, and answering with an IpcResult instead of throwing.
import { ipcMain as electronIpcMain } from 'electron';
import { CHANNELS, HandlerError, type Channel, type Handlers, type IpcResult } from '../shared/contract';
import { parseRequest } from '../shared/schemas';
import type { SenderEvent } from './sender';

export interface IpcMainLike {
  handle(channel: string, listener: (event: SenderEvent, payload: unknown) => Promise<unknown>): void;
  removeHandler(channel: string): void;
}

export interface IpcDeps {
  ipcMain?: IpcMainLike;
  handlers: Omit<Handlers, 'app:open-external'>;
  isTrustedSender: (event: SenderEvent) => boolean;
  /** openInBrowser (security.ts): opens http(s) URLs in the default browser, refuses the rest. */
  openInBrowser: (url: string) => Promise<boolean>;
  log: (line: string) => void;
}

const fail = (code: 'INVALID_REQUEST' | 'FORBIDDEN' | 'NOT_FOUND' | 'FAILED', message: string) =>
  ({ ok: false, error: { code, message } }) as const;

/** Registers every channel; returns a function that removes them again. */
export function registerIpcHandlers(deps: IpcDeps): () => void {
  const ipcMain = deps.ipcMain ?? electronIpcMain;
  const handlers: Handlers = {
    ...deps.handlers,
    'app:open-external': async ({ url }) => {
      // The schema already demands http(s); openInBrowser checks again where the URL leaves the app.
      if (!(await deps.openInBrowser(url))) {
        throw new HandlerError('INVALID_REQUEST', 'Only http:// and https:// links open.');
      }
      return { opened: true };
    },
  };

  const answer = async (
    channel: Channel,
    event: SenderEvent,
    payload: unknown,
  ): Promise<IpcResult<unknown>> => {
    if (!deps.isTrustedSender(event)) {
      deps.log(`refused ${channel} from ${event.senderFrame?.url ?? 'a frame that is gone'}`);
      return fail('FORBIDDEN', 'This request did not come from the Certwatch window.');
    }
    const request = parseRequest(channel, payload);
    if (!request.ok) return fail('INVALID_REQUEST', request.message);
    try {
      const handler = handlers[channel] as (request: unknown) => Promise<unknown>;
      return { ok: true, value: await handler(request.value) };
    } catch (error) {
      if (error instanceof HandlerError) return fail(error.code, error.message);
      deps.log(`${channel} failed: ${(error as Error).stack ?? String(error)}`);
      return fail('FAILED', (error as Error).message || 'Something went wrong.');
    }
  };

  for (const channel of CHANNELS)
    ipcMain.handle(channel, (event, payload) => answer(channel, event, payload));
  return () => {
    for (const channel of CHANNELS) ipcMain.removeHandler(channel);
  };
}
