// The watchlist's columns: header text and the sort key each one drives.
import type { SortKey } from '../../lib/sort';

export interface Column {
  key: SortKey;
  label: string;
  /** Numbers line up on the right. */
  numeric?: boolean;
}

export const COLUMNS: readonly Column[] = [
  { key: 'status', label: 'Status' },
  { key: 'target', label: 'Host:port' },
  { key: 'label', label: 'Label' },
  { key: 'daysLeft', label: 'Days left', numeric: true },
  { key: 'notAfter', label: 'Expires' },
  { key: 'issuer', label: 'Issuer' },
  { key: 'lastCheckedAt', label: 'Last checked' },
  { key: 'headline', label: 'Problem' },
];
