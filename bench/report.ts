// The bench's output: one row per figure (value, the peer it is compared with, the ratio, the target and
// whether it is met), printed as a table and kept as JSON in bench-output/.

export interface Row {
  section: string;
  figure: string;
  value: number | null;
  unit: string;
  /** The peer's figure this row is compared with, when there is one. */
  peer?: { name: string; value: number; unit: string };
  /** Certwatch ÷ peer for rates, peer ÷ Certwatch never: always "how many times the peer" Certwatch is. */
  ratio?: number;
  target?: string;
  met?: boolean;
  note?: string;
}

export interface Skip {
  section: string;
  what: string;
  reason: string;
}

export function fmt(value: number | null | undefined, unit = ''): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '–';
  const abs = Math.abs(value);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : abs >= 1 ? 2 : 3;
  const n = value.toLocaleString('en-GB', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
  return unit ? `${n} ${unit}` : n;
}

function ratioText(r: number | undefined): string {
  if (r === undefined) return '';
  return `${fmt(r)}×`;
}

/** A plain-text table, one section after another; long notes go below it, numbered. */
export function renderTable(rows: Row[], skips: Skip[]): string {
  const header = ['figure', 'value', 'peer', 'ratio', 'target', 'met?'];
  const lines: string[][] = [];
  const sectionAt = new Map<number, string>();
  const notes: string[] = [];
  let last = '';
  for (const row of rows) {
    if (row.section !== last) {
      sectionAt.set(lines.length, row.section);
      last = row.section;
    }
    let figure = row.figure;
    if (row.note) {
      notes.push(row.note);
      figure += ` [${notes.length}]`;
    }
    lines.push([
      figure,
      fmt(row.value, row.unit),
      row.peer ? `${row.peer.name}: ${fmt(row.peer.value, row.peer.unit)}` : '',
      ratioText(row.ratio),
      row.target ?? '',
      row.met === undefined ? '' : row.met ? 'yes' : 'NO',
    ]);
  }
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const pad = (cells: string[]) =>
    cells
      .map((c, i) => (i === 1 || i === 3 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  const out: string[] = [pad(header), widths.map((w) => '-'.repeat(w)).join('  ')];
  lines.forEach((line, i) => {
    const section = sectionAt.get(i);
    if (section) out.push('', `== ${section}`);
    out.push(pad(line));
  });
  if (skips.length) {
    out.push('', 'Skipped:');
    for (const s of skips) out.push(`  ${s.section}: ${s.what}: ${s.reason}`);
  }
  if (notes.length) {
    out.push('', 'Notes:');
    notes.forEach((n, i) => out.push(`  [${i + 1}] ${n}`));
  }
  return out.join('\n') + '\n';
}
