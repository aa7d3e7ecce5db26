import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { HistoryList } from '../../renderer/components/details/HistoryList';
import { record } from './fixtures';

describe('HistoryList', () => {
  it('shows a run of identical checks as one row with its count, and counts every check', () => {
    const now = Date.parse('2026-03-20T12:00:00.000Z');
    const records = [
      {
        ...record({ at: '2026-03-01T00:00:00.000Z', fingerprint256: 'AA:AA' }),
        lastAt: '2026-03-10T00:00:00.000Z',
        checks: 37,
      },
      {
        ...record({ at: '2026-03-10T06:00:00.000Z', fingerprint256: 'BB:BB' }),
        lastAt: '2026-03-20T06:00:00.000Z',
        checks: 41,
      },
    ];
    render(<HistoryList records={records} now={now} />);
    const section = screen.getByRole('region', { name: 'History' });
    expect(within(section).getByText('78 checks; the certificate changed 1 time.')).toBeTruthy();
    const rows = within(within(section).getByRole('table')).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(2);
    expect(rows[0]!.textContent).toMatch(/41 checks since/);
    expect(rows[0]!.textContent).toMatch(/6 hours ago/);
    expect(rows[1]!.textContent).toMatch(/37 checks since/);
  });
});
