// Each problem (and note) in a plain sentence, followed by what to do about it.
import type { Note, Problem } from '../../../main/core/types';
import { adviceFor, noteAdviceFor } from '../../lib/advice';
import { RichText } from '../common/RichText';

export function ProblemList({ problems, notes = [] }: { problems: Problem[]; notes?: Note[] }) {
  return (
    <>
      {problems.length > 0 && (
        <ul className="problems" aria-label="Problems">
          {problems.map((problem, i) => {
            const advice = adviceFor(problem.code);
            return (
              <li key={`${problem.code}-${i}`} className="problem">
                <strong className="problem-title">{advice.title}</strong>
                <p className="problem-message">{problem.message}</p>
                <p className="advice">
                  <span className="advice-label">What to do: </span>
                  <RichText text={advice.action} />
                </p>
              </li>
            );
          })}
        </ul>
      )}
      {notes.length > 0 && (
        <ul className="problems notes" aria-label="Notes">
          {notes.map((note, i) => {
            const advice = noteAdviceFor(note.code);
            return (
              <li key={`${note.code}-${i}`} className="problem note">
                <strong className="problem-title">{advice.title}</strong>
                <p className="problem-message">{note.message}</p>
                <p className="advice">
                  <span className="advice-label">What to do: </span>
                  <RichText text={advice.action} />
                </p>
              </li>
            );
          })}
        </ul>
      )}
    </>
  );
}
