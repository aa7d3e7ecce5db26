// The watchlist's Problem cell: every row that is not OK says what is wrong.
import { describe, expect, it } from 'vitest';
import { problemCell } from '../../../renderer/lib/problem-cell';
import { STATUS_MEANING } from '../../../renderer/lib/status';

describe('problemCell', () => {
  it('says how close a WARNING or CRITICAL row is and what to do', () => {
    expect(problemCell({ status: 'warning', daysLeft: 9, headline: null })).toBe(
      'Expires in 9 days: renew now',
    );
    expect(problemCell({ status: 'critical', daysLeft: 1, headline: null })).toBe(
      'Expires in 1 day: renew now',
    );
    expect(problemCell({ status: 'critical', daysLeft: 0, headline: null })).toBe('Expires today: renew now');
  });

  it("shows the first problem's headline when the engine reported one", () => {
    const headline = 'The certificate is for other.example.com, not for www.example.com.';
    expect(problemCell({ status: 'invalid', daysLeft: 60, headline })).toBe(headline);
    expect(problemCell({ status: 'warning', daysLeft: 60, headline: 'An intermediate expires soon.' })).toBe(
      'An intermediate expires soon.',
    );
  });

  it('never leaves a non-OK row empty, and leaves OK and unchecked rows empty', () => {
    for (const status of ['expired', 'invalid', 'critical', 'error', 'warning'] as const) {
      expect(problemCell({ status, daysLeft: null, headline: null })).toBe(STATUS_MEANING[status]);
    }
    expect(problemCell({ status: 'ok', daysLeft: 90, headline: null })).toBe('');
    expect(problemCell({ status: 'pending', daysLeft: null, headline: null })).toBe('');
  });
});
