// `certwatch add|remove|list|import|export`: edit and read the watchlist the tray app and `certwatch watch` use,
// through the same engine handlers as the app's window, so a line is judged the same way everywhere.
import { writeFile } from 'node:fs/promises';
import { Option, type Command } from 'commander';
import type { AddReport, EntrySummary } from '../shared/contract';
import { HandlerError } from '../shared/contract';
import type { WatchEntry } from '../shared/model';
import { dedupeKey, normaliseEntryTarget, parseBulk } from '../core/watch/watchlist';
import { targetName } from '../shared/entry-name';
import { addHint, createOption, openEngine, storeOption } from './engine';
import type { CliIo } from './io';
import { listTable } from './list-format';
import { UsageError } from './options';
import { readTextFile } from './read-text';
import { displayText } from '../shared/untrusted-text';

interface StoreOpt {
  store?: string;
  create?: boolean;
}
interface AddOptions extends StoreOpt {
  file?: string;
  allowSingleLabel?: boolean;
  label?: string;
  tags?: string;
  owner?: string;
  runbook?: string;
  starttls?: string;
  sni?: string;
}

interface ImportOptions extends StoreOpt {
  format?: 'auto' | 'json' | 'csv';
  allowSingleLabel?: boolean;
}

const SINGLE_LABEL_HELP =
  'accept names without a dot (such as intranet), which are otherwise refused as likely typos';

export function registerManage(program: Command, io: CliIo, setCode: (code: number) => void): void {
  const act =
    <A extends unknown[]>(fn: (...args: A) => Promise<number>) =>
    async (...args: A) =>
      setCode(await answered(io, () => fn(...args)));

  program
    .command('add')
    .description('Add targets to the watchlist; reports each one, exit 1 if any was not added.')
    .argument('[targets...]', 'host, host:port, [v6]:port, https://host/path, smtp://host …')
    .addOption(storeOption())
    .option('--file <list>', 'also add the targets in this file, one per line (# comments)')
    .option('--label <text>', 'a name to show instead of the host')
    .option('--tags <a,b>', 'comma-separated tags')
    .option('--owner <name>', 'who to call; shown in notifications')
    .option('--runbook <url>', 'http(s) link shown in notifications')
    .option(
      '--starttls <proto>',
      'speak STARTTLS first: smtp, imap, pop3, ftp, ldap, xmpp, postgres, mysql …',
    )
    .option('--sni <name>', 'send this server name and check the certificate against it')
    .option('--allow-single-label', SINGLE_LABEL_HELP)
    .action(act((targets: string[], opts: AddOptions) => runAdd(targets, opts, io)));

  program
    .command('remove')
    .alias('rm')
    .description('Remove entries, named by target (as listed) or id.')
    .argument('<target-or-id...>')
    .addOption(storeOption())
    .action(act((names: string[], opts: StoreOpt) => runRemove(names, opts, io)));

  program
    .command('list')
    .alias('ls')
    .description('Show the watchlist with each entry’s status, days left, expiry and last check.')
    .addOption(storeOption())
    .addOption(createOption())
    .option('--json', 'print JSON instead of a table')
    .action(act(async (opts: StoreOpt & { json?: boolean }) => runList(opts, io)));

  program
    .command('import')
    .description('Add the entries of a file: a Certwatch export (JSON or CSV) or one target per line.')
    .argument('<file>')
    .addOption(storeOption())
    .addOption(new Option('--format <format>', 'how the file is written').choices(['auto', 'json', 'csv']))
    .option('--allow-single-label', SINGLE_LABEL_HELP)
    .action(
      act(async (file: string, opts: ImportOptions) => {
        const text = await readText(file, 'the file to import');
        const { watcher } = await openEngine({ ...opts, create: true }, io);
        const report = await watcher.handlers['watchlist:import']({
          text,
          format: opts.format ?? 'auto',
          ...(opts.allowSingleLabel ? { allowSingleLabel: true } : {}),
        });
        return printReport(report, watcher.state().entries, io, (line) => `line ${line} of ${file}`);
      }),
    );

  program
    .command('export')
    .description('Write the watchlist (JSON or CSV, for import) or the expiry dates (an ICS calendar).')
    .addOption(storeOption())
    .addOption(createOption())
    .addOption(
      new Option('--format <format>', 'json, csv, ics, or prometheus (the last results, for node_exporter)')
        .choices(['json', 'csv', 'ics', 'prometheus'])
        .default('json'),
    )
    .option('--output <file>', 'write to this file instead of standard output')
    .action(
      act(async (opts: StoreOpt & { format: 'json' | 'csv' | 'ics' | 'prometheus'; output?: string }) => {
        // Loaded only here: prom-client is no part of the other commands.
        if (opts.format === 'prometheus')
          return (await import('./export-prometheus')).exportPrometheus(opts, io);
        const { watcher } = await openEngine(opts, io);
        const file = await watcher.handlers['watchlist:export']({ format: opts.format });
        if (!opts.output) io.stdout(file.content);
        else {
          await writeFile(opts.output, file.content);
          io.stderr(`Wrote ${opts.output}.\n`);
        }
        return 0;
      }),
    );
}

/**
 * A handler's refusal (nothing to add, already removed) is the command failing, not a crash. A change that
 * could not be saved (store locked, disk full) is an error: exit 3, and nothing claims it was done.
 */
async function answered(io: CliIo, fn: () => Promise<number>): Promise<number> {
  try {
    return await fn();
  } catch (error) {
    // By name: importing the store here would load it for `certwatch check` too (see engine.ts).
    if (error instanceof Error && error.name === 'StoreError') {
      io.stderr(`certwatch: ${error.message}\n`);
      return 3;
    }
    if (!(error instanceof HandlerError)) throw error;
    io.stderr(`certwatch: ${displayText(error.message, 1000)}\n`);
    return 1;
  }
}

async function runAdd(targets: string[], opts: AddOptions, io: CliIo): Promise<number> {
  const sources: { input: string; where?: string }[] = targets.map((input) => ({ input }));
  if (opts.file) {
    const text = await readText(opts.file, 'the target list');
    for (const { target, line } of parseBulk(text))
      sources.push({ input: target, where: `line ${line} of ${opts.file}` });
  }
  if (!sources.length) throw new UsageError('no targets given: name at least one host, or --file LIST');
  const fields = {
    label: opts.label,
    tags: opts.tags?.split(',').map((t) => t.trim()),
    owner: opts.owner,
    runbookUrl: opts.runbook,
    starttls: opts.starttls,
    sni: opts.sni,
  };
  // One item per line: the import's report then numbers item i as line i + 2, which leads back to its source.
  const items = sources.map((s) => JSON.stringify({ target: s.input, ...fields }));
  const { watcher } = await openEngine({ ...opts, create: true }, io);
  const report = await watcher.handlers['watchlist:import']({
    text: `[\n${items.join(',\n')}\n]`,
    format: 'json',
    ...(opts.allowSingleLabel ? { allowSingleLabel: true } : {}),
  });
  return printReport(report, watcher.state().entries, io, (line) => sources[line - 2]?.where);
}

function printReport(
  report: AddReport,
  entries: EntrySummary[],
  io: CliIo,
  whereOf: (line: number) => string | undefined,
): number {
  const targets = new Map(entries.map((e) => [e.id, e.target]));
  let failed = 0;
  // Inputs and sentences quote the imported file: one visible line each, whatever the file holds.
  const safe = (text: string) => displayText(text, 500);
  for (const line of report.lines) {
    if (line.ok) io.stdout(`added      ${safe(targets.get(line.entryId ?? '') ?? line.input)}\n`);
    else {
      failed++;
      const where = whereOf(line.line);
      io.stdout(
        `not added  ${safe(`${where ? `${where}: ` : ''}${line.error ?? `"${line.input}" was not added.`}`)}\n`,
      );
    }
  }
  const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  io.stdout(
    `Added ${plural(report.added, 'entry', 'entries')}${failed ? `; ${plural(failed, 'line', 'lines')} not added` : ''}.\n`,
  );
  return failed ? 1 : 0;
}

async function runRemove(names: string[], opts: StoreOpt, io: CliIo): Promise<number> {
  const { store, watcher } = await openEngine(opts, io);
  const entries = store.get().entries;
  const ids = new Set<string>();
  let missing = 0;
  for (const name of names) {
    const found = findEntry(entries, name);
    if (typeof found === 'string') {
      missing++;
      io.stderr(`certwatch: ${displayText(found, 500)}\n`);
    } else ids.add(found.id);
  }
  if (ids.size) {
    await watcher.handlers['entries:remove']({ ids: [...ids] });
    for (const e of entries) if (ids.has(e.id)) io.stdout(`removed  ${displayText(e.target, 200)}\n`);
  }
  return missing ? 1 : 0;
}

/** By id, by target as written (`example.com` is `example.com:443`), else by host and port alone when unique. */
function findEntry(entries: readonly WatchEntry[], name: string): WatchEntry | string {
  const byId = entries.find((e) => e.id === name);
  if (byId) return byId;
  // A lookup, not an addition: a stored name without a dot was confirmed when it was added.
  const t = normaliseEntryTarget(name, { stored: true });
  if (!t.ok) return `"${name}" is neither an entry id nor a target: ${t.error}`;
  const exact = entries.find((e) => dedupeKey(e) === dedupeKey(t));
  if (exact) return exact;
  const same = entries.filter((e) => e.host === t.host && e.port === t.port);
  if (same.length === 1) return same[0]!;
  if (same.length > 1)
    return `"${name}" matches ${same.map((e) => `${targetName(e, e.target)} (id ${e.id})`).join(', ')}; name one of them by its id.`;
  return `"${name}" is not in the watchlist.`;
}

async function runList(opts: StoreOpt & { json?: boolean }, io: CliIo): Promise<number> {
  // The store alone, summarised as the window's rows are (summary.ts): the watch engine (probe, channels,
  // notifier) is not loaded, which is most of what `list` used to cost after reading the file.
  const { readList } = await import('./list-rows');
  const { path: storePath, rows: entries } = await readList(opts, io);
  if (opts.json) io.stdout(`${JSON.stringify({ store: storePath, entries }, null, 2)}\n`);
  else if (!entries.length)
    io.stderr(`The watchlist in ${storePath} is empty. Add certificates with\n  ${addHint(opts.store)}\n`);
  else io.stdout(listTable(entries, io.color));
  return 0;
}

function readText(file: string, what: string): Promise<string> {
  return readTextFile(file, what);
}
