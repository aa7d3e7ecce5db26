// History reads in words: each problem code as the same headline the Problems list uses.
import { describe, expect, it } from 'vitest';
import { PROBLEM_ADVICE } from '../../../renderer/lib/advice';
import { historyProblems } from '../../../renderer/lib/history';

describe('historyProblems', () => {
  it('turns every engine code into its headline, never the raw code', () => {
    expect(historyProblems(['INCOMPLETE_CHAIN'])).toBe('Incomplete chain');
    expect(historyProblems(['EXPIRED', 'HOSTNAME_MISMATCH'])).toBe(
      'Certificate expired; Name not on the certificate',
    );
    for (const code of Object.keys(PROBLEM_ADVICE)) expect(historyProblems([code])).not.toContain('_');
  });

  it('reads a code this window does not know yet as words, and a clean check as a dash', () => {
    expect(historyProblems(['SOME_NEW_CODE'])).toBe('Some new code');
    expect(historyProblems([])).toBe('—');
  });
});
