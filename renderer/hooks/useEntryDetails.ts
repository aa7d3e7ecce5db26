// Fetches one entry's details, again whenever its row changes (a check finished, an edit was saved).
import { useCallback, useEffect, useState } from 'react';
import type { EntryDetails } from '../../main/shared/contract';
import { useApi } from '../api/ApiContext';

export type DetailsLoad =
  { phase: 'loading' } | { phase: 'error'; message: string } | { phase: 'ready'; details: EntryDetails };

/** `version` is any value that changes when the entry's summary does. */
export function useEntryDetails(id: string, version: string): { load: DetailsLoad; reload: () => void } {
  const { call } = useApi();
  const [load, setLoad] = useState<DetailsLoad>({ phase: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let current = true;
    setLoad((previous) =>
      // Keep showing the same entry's old details while the new ones load: no flash on every check.
      previous.phase === 'ready' && previous.details.entry.id === id ? previous : { phase: 'loading' },
    );
    void call('entries:details', { id }).then((result) => {
      if (!current) return;
      setLoad(
        result.ok
          ? { phase: 'ready', details: result.value }
          : { phase: 'error', message: result.error.message },
      );
    });
    return () => {
      current = false;
    };
  }, [call, id, version, attempt]);

  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  return { load, reload };
}
