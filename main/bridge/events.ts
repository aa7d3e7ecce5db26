// Push events to the page as Server-Sent Events: one stream per open window, a comment every few seconds so
// idle connections are not dropped, and every stream ended when the bridge closes.
import type { ServerResponse } from 'node:http';
import type { EventName, Events } from '../shared/contract';

export interface EventHub {
  add(res: ServerResponse): void;
  send<E extends EventName>(event: E, payload: Events[E]): void;
  readonly size: number;
  close(): void;
}

export function createEventHub(heartbeatMs = 15_000): EventHub {
  const streams = new Set<ServerResponse>();
  const heartbeat = setInterval(() => {
    for (const res of streams) res.write(': keep-alive\n\n');
  }, heartbeatMs);
  heartbeat.unref();

  return {
    add(res) {
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'keep-alive',
        'x-content-type-options': 'nosniff',
      });
      // `retry` sets the browser's reconnect delay; the comment flushes the headers at once.
      res.write('retry: 2000\n: connected\n\n');
      streams.add(res);
      res.on('close', () => streams.delete(res));
    },
    send(event, payload) {
      // JSON.stringify never emits a raw newline, so the payload fits one `data:` line.
      const frame = `event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`;
      for (const res of streams) res.write(frame);
    },
    get size() {
      return streams.size;
    },
    close() {
      clearInterval(heartbeat);
      for (const res of streams) res.end();
      streams.clear();
    },
  };
}
