// One contract call over HTTP: the same channel allow-list and request schemas as the Electron IPC, and an
// IpcResult body for every answer, so the page handles the bridge exactly like the preload.
import type { IncomingMessage } from 'node:http';
import { HandlerError, type Handlers, type IpcErrorCode, type IpcResult } from '../shared/contract';
import { isChannel, parseRequest } from '../shared/schemas';

/** The largest request the schemas accept is a 20-million-character import; UTF-8 may triple it. */
export const MAX_BODY_BYTES = 64 * 1024 * 1024;

export interface CallAnswer {
  status: number;
  body: IpcResult<unknown>;
}

export const fail = (status: number, code: IpcErrorCode, message: string): CallAnswer => ({
  status,
  body: { ok: false, error: { code, message } },
});

export async function readJson(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new HandlerError('INVALID_REQUEST', 'The request is too large.');
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text.trim()) return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new HandlerError('INVALID_REQUEST', 'The request body is not JSON.');
  }
}

export async function answerCall(
  handlers: Handlers,
  channel: string,
  payload: unknown,
  log: (line: string) => void,
): Promise<CallAnswer> {
  if (!isChannel(channel)) return fail(404, 'INVALID_REQUEST', `Unknown channel ${JSON.stringify(channel)}.`);
  const request = parseRequest(channel, payload);
  if (!request.ok) return fail(400, 'INVALID_REQUEST', request.message);
  try {
    const handler = handlers[channel] as (request: unknown) => Promise<unknown>;
    return { status: 200, body: { ok: true, value: await handler(request.value) } };
  } catch (error) {
    // A refusal by the engine is an ordinary contract answer, as over IPC.
    if (error instanceof HandlerError) return fail(200, error.code, error.message);
    log(`${channel} failed: ${(error as Error).stack ?? String(error)}`);
    return fail(500, 'FAILED', (error as Error).message || 'Something went wrong.');
  }
}
