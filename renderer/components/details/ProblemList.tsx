// Each problem (and note) in a plain sentence, followed by what to do about it.
import type { Note, Problem } from '../../../main/shared/types';
import { adviceFor, noteAdviceFor } from '../../lib/advice';
import { RichText } from '../common/RichText';

interface Advised {
  code: string;
  message: string;
  advice: { title: string; action: string };
}

function AdvisedList({ items, label, className }: { items: Advised[]; label: string; className: string }) {
  if (!items.length) return null;
  return (
    <ul className={className} aria-label={label}>
      {items.map((item, i) => (
        <li key={`${item.code}-${i}`} className={className === 'problems' ? 'problem' : 'problem note'}>
          <strong className="problem-title">{item.advice.title}</strong>
          <p className="problem-message">{item.message}</p>
          <p className="advice">
            <span className="advice-label">What to do: </span>
            <RichText text={item.advice.action} />
          </p>
        </li>
      ))}
    </ul>
  );
}

export function ProblemList({ problems, notes = [] }: { problems: Problem[]; notes?: Note[] }) {
  return (
    <>
      <AdvisedList
        label="Problems"
        className="problems"
        items={problems.map((p) => ({ ...p, advice: adviceFor(p.code) }))}
      />
      <AdvisedList
        label="Notes"
        className="problems notes"
        items={notes.map((n) => ({ ...n, advice: noteAdviceFor(n.code) }))}
      />
    </>
  );
}
