// The URL schemes people paste and the port and STARTTLS dialogue each implies. Shared by the engine's parser
// (main/core/probe/target.ts) and the window's preview of pasted lines, so the two can never disagree.
import type { StarttlsProtocol } from './types';

export interface SchemeInfo {
  port: number;
  starttls?: StarttlsProtocol;
}

/** URL schemes people paste, with the port and STARTTLS dialogue each implies. */
export const SCHEMES: Record<string, SchemeInfo> = {
  https: { port: 443 },
  wss: { port: 443 },
  tls: { port: 443 },
  smtps: { port: 465 },
  imaps: { port: 993 },
  pop3s: { port: 995 },
  ldaps: { port: 636 },
  ftps: { port: 990 },
  smtp: { port: 25, starttls: 'smtp' },
  submission: { port: 587, starttls: 'smtp' },
  imap: { port: 143, starttls: 'imap' },
  pop3: { port: 110, starttls: 'pop3' },
  postgres: { port: 5432, starttls: 'postgres' },
  postgresql: { port: 5432, starttls: 'postgres' },
  ftp: { port: 21, starttls: 'ftp' },
  ldap: { port: 389, starttls: 'ldap' },
  xmpp: { port: 5222, starttls: 'xmpp' },
  'xmpp-client': { port: 5222, starttls: 'xmpp' },
  'xmpp-server': { port: 5269, starttls: 'xmpp-server' },
  mysql: { port: 3306, starttls: 'mysql' },
  mariadb: { port: 3306, starttls: 'mysql' },
};
