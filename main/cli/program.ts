// The `certwatch` command line: subcommands, their flags and help, and how errors become exit codes.
// A command's own modules load in its action (dynamic imports), so `--help` and each command load only their part.
import { Command, CommanderError } from 'commander';
import type { CheckOptions } from './check';
import { EXIT_UNKNOWN, processIo, unexpectedFailure, type CliIo } from './io';
import { displayText } from '../shared/untrusted-text';
import { collect, integer, seconds, UsageError } from './options';
import { registerManage } from './manage';
import { registerWatch } from './watch';
import { registerDoctor } from './doctor';

export function buildProgram(io: CliIo, setCode: (code: number) => void): Command {
  const program = new Command('certwatch')
    .description('Watch TLS certificates before they expire or break.')
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .exitOverride()
    .showHelpAfterError('(run "certwatch help" for usage)');

  program
    .command('check')
    .description(
      'Check targets once and exit 0 OK, 1 WARNING, 2 CRITICAL (critical, expired, invalid) or 3 UNKNOWN (error).',
    )
    .argument(
      '[targets...]',
      'host, host:port, [v6]:port, https://host/path, smtp://host:25, ldap://host … or a certificate file (/path/cert.pem, ./cert.pem, file:///path)',
    )
    .option('--json', 'print JSON instead of a table')
    .option(
      '--nagios',
      'print Nagios/Icinga plugin output: "CERTWATCH OK - … | perfdata", one line per target, exit 0/1/2/3',
    )
    .option(
      '--warn <days>',
      'warning when fewer days are left (default 30; scaled to the lifetime of certificates living under 60 days)',
      integer(0, 3650),
    )
    .option('--crit <days>', 'critical when fewer days are left (default 7)', integer(0, 3650))
    .option('--ca <file>', 'also trust the CAs in this PEM bundle (internal PKI)')
    .option(
      '--starttls <proto>',
      'speak STARTTLS first: smtp, imap, pop3, ftp, ldap, xmpp, xmpp-server, postgres, mysql',
    )
    .option('--sni <name>', 'send this server name and check the certificate against it')
    .option(
      '--allow-single-label',
      'accept names without a dot (such as intranet), which are otherwise refused as likely typos',
    )
    .option('--timeout <seconds>', 'total time per target (default 10)', seconds)
    .option(
      '--concurrency <n>',
      'targets worked on at once (default 32); one still waiting after 250 ms makes room for the next',
      integer(1, 1024),
    )
    .option('--file <list>', 'read more targets from a file, one per line (# comments)')
    .option(
      '--resolve <name:addr>',
      'use these addresses for a name, like curl --resolve (repeatable)',
      collect,
    )
    .option('--ocsp', 'check revocation: stapled OCSP, then the OCSP responder, then the CRL (default)')
    .option('--no-ocsp', 'do not check revocation (no requests to OCSP responders or CRL servers)')
    .option(
      '--proxy <url>',
      'HTTP CONNECT proxy for TLS targets and OCSP/CRL fetches, http://[user:pass@]host:port; "direct" ignores HTTPS_PROXY (default: HTTPS_PROXY, http_proxy, NO_PROXY)',
    )
    .option('-v, --verbose', 'show every problem, note, endpoint and certificate')
    .addHelpText(
      'after',
      `
Examples:
  certwatch check example.com
  certwatch check --warn 21 --crit 7 shop.example.com api.example.com:8443
  certwatch check smtp://mail.example.com imap://mail.example.com:143
  certwatch check --ca corp-root.pem --json intranet.corp:443
  certwatch check --resolve shop.example.com:203.0.113.7 shop.example.com   # a new node before DNS moves
  certwatch check ldap://dir.corp:389 xmpp://chat.example.com mysql://db.corp:3306
  certwatch check --proxy http://user:pass@proxy.corp:3128 example.com
  certwatch check /etc/ssl/certs/site.pem ~/certs/client.pem
  certwatch check --no-ocsp --json example.com
  certwatch check --nagios --warn 21 --crit 7 shop.example.com   # as a Nagios/Icinga plugin`,
    )
    .action(async (targets: string[], opts: CheckOptions) => {
      const { runCheck } = await import('./check');
      if (!opts.nagios) return setCode(await runCheck(targets, opts, io));
      const { asPlugin } = await import('./nagios');
      setCode(await asPlugin(io, () => runCheck(targets, opts, io)));
    });

  registerWatch(program, io, setCode);
  registerManage(program, io, setCode);
  registerDoctor(program, io, setCode);
  return program;
}

/** Runs the CLI and returns the exit code instead of exiting, so tests can call it in-process. */
export async function run(argv: string[], io: CliIo = processIo()): Promise<number> {
  let code = 0;
  const program = buildProgram(io, (c) => (code = c));
  try {
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version are not errors; anything else is a usage mistake.
      return error.exitCode === 0 ? 0 : EXIT_UNKNOWN;
    }
    if (error instanceof UsageError) {
      io.stderr(`certwatch: ${displayText(error.message, 1000)}\n`);
      return EXIT_UNKNOWN;
    }
    io.stderr(unexpectedFailure(error, io.env));
    return EXIT_UNKNOWN;
  }
}
