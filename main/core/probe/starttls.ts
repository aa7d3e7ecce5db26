// The plain-text or binary dialogues that ask a mail, directory, chat or database server to switch to TLS.
// Each returns when the server has agreed; a refusal throws StarttlsError quoting what it answered.
import type { LineConn } from './line-conn';
import type { StarttlsProtocol } from '../../shared/types';
import type { Dialogue, StarttlsContext } from './starttls-dialogue';
import { ftp, imap, pop3, smtp } from './starttls-text';
import { xmpp, xmppServer } from './starttls-xmpp';
import { ldap, mysql, postgres } from './starttls-binary';

export { StarttlsError } from './starttls-dialogue';

export const DIALOGUES: Record<StarttlsProtocol, Dialogue> = {
  smtp,
  imap,
  pop3,
  postgres,
  ftp,
  ldap,
  xmpp,
  'xmpp-server': xmppServer,
  mysql,
};

export function startTls(
  protocol: StarttlsProtocol,
  conn: LineConn,
  context: StarttlsContext,
): Promise<void> {
  return DIALOGUES[protocol](conn, context);
}
