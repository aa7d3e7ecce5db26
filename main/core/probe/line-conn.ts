// A tiny reader over a raw TCP socket for the plain-text part of STARTTLS dialogues,
// handing the socket back untouched (nothing read ahead) for the TLS upgrade.
import type { Socket } from 'node:net';

export class LineConn {
  private buffer = Buffer.alloc(0);
  private waiter?: () => void;
  private ended = false;
  private readonly onData = (chunk: Buffer) => {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    this.wake();
  };
  private readonly onEnd = () => {
    this.ended = true;
    this.wake();
  };

  constructor(readonly socket: Socket) {
    socket.on('data', this.onData);
    socket.on('end', this.onEnd);
    socket.on('close', this.onEnd);
  }

  private wake(): void {
    const w = this.waiter;
    this.waiter = undefined;
    w?.();
  }

  private async waitForData(): Promise<void> {
    if (this.ended) throw new Error('the server closed the connection');
    await new Promise<void>((resolve) => (this.waiter = resolve));
  }

  write(text: string | Buffer): void {
    this.socket.write(text);
  }

  async readLine(): Promise<string> {
    for (;;) {
      const nl = this.buffer.indexOf(0x0a);
      if (nl >= 0) {
        const line = this.buffer.subarray(0, nl).toString('latin1').replace(/\r$/, '');
        this.buffer = this.buffer.subarray(nl + 1);
        return line;
      }
      if (this.buffer.length > 64 * 1024) throw new Error('the server sent an over-long line');
      await this.waitForData();
    }
  }

  /** Reads up to and including the first match of `pattern` (for XML streams, which have no lines). */
  async readUntil(pattern: RegExp, limit = 64 * 1024): Promise<string> {
    for (;;) {
      const text = this.buffer.toString('latin1');
      const match = pattern.exec(text);
      if (match) {
        const end = match.index + match[0].length;
        this.buffer = this.buffer.subarray(end);
        return text.slice(0, end);
      }
      if (this.buffer.length > limit) throw new Error('the server sent too much without the expected answer');
      await this.waitForData();
    }
  }

  /** What arrived but was not read yet, for error messages. */
  pending(): string {
    return this.buffer.toString('latin1');
  }

  async readBytes(n: number): Promise<Buffer> {
    while (this.buffer.length < n) await this.waitForData();
    const out = this.buffer.subarray(0, n);
    this.buffer = this.buffer.subarray(n);
    return out;
  }

  /** Stops reading so TLS can take over the socket. */
  release(): Socket {
    this.socket.off('data', this.onData);
    this.socket.off('end', this.onEnd);
    this.socket.off('close', this.onEnd);
    this.socket.pause();
    if (this.buffer.length) this.socket.unshift(this.buffer);
    return this.socket;
  }
}
