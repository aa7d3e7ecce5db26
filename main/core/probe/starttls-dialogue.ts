// What every STARTTLS dialogue shares: its signature, the refusal error, and how answers are quoted.
import type { LineConn } from './line-conn';

/** A refusal or an unexpected answer; the message quotes what the server said. */
export class StarttlsError extends Error {}

export interface StarttlsContext {
  /** The name the client is asking for (SNI or host): XMPP puts it in the stream header. */
  host: string;
}

/** Resolves once the server has agreed to switch to TLS, with nothing read beyond its answer. */
export type Dialogue = (conn: LineConn, context: StarttlsContext) => Promise<void>;

export const quote = (text: string) => JSON.stringify(text.length > 200 ? `${text.slice(0, 200)}…` : text);
