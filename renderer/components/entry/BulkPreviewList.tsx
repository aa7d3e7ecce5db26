// The per-line preview of pasted targets: what each line will check, or why it will be refused.
import type { BulkPreview } from '../../lib/bulk-preview';
import { pluralise } from '../../lib/format';

const MAX_SHOWN = 200;

export function BulkPreviewList({ preview }: { preview: BulkPreview }) {
  if (preview.lines.length === 0) return null;
  // Problems first: with hundreds of lines they are what needs attention.
  const ordered = [...preview.lines.filter((l) => !l.ok), ...preview.lines.filter((l) => l.ok)];
  const shown = ordered.slice(0, MAX_SHOWN);
  return (
    <div className="preview">
      <p className="preview-summary">
        {pluralise(preview.valid, 'line')} ready to add
        {preview.invalid > 0 && <>, {pluralise(preview.invalid, 'line')} with problems</>}.
      </p>
      <ul className="line-list" aria-label="Preview of pasted lines">
        {shown.map((line) => (
          <li key={line.line} className={line.ok ? 'line-ok' : 'line-bad'}>
            <span className="line-mark" aria-hidden="true">
              {line.ok ? '✓' : '✗'}
            </span>
            <span className="line-number">Line {line.line}</span>
            <span className="line-message">{line.message}</span>
          </li>
        ))}
      </ul>
      {ordered.length > MAX_SHOWN && (
        <p className="muted small">…and {pluralise(ordered.length - MAX_SHOWN, 'more line')}.</p>
      )}
    </div>
  );
}
