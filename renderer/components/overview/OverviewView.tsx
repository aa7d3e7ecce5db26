// The overview: how many entries are in each state, and what expires over the next 90 days.
import type { WindowModel } from '../../lib/window-model';
import { useUi } from '../../app/ui';
import type { RowStatus } from '../../lib/status';
import { EmptyState } from '../common/EmptyState';
import { ExpiryTimeline } from './ExpiryTimeline';
import { StatusSummary } from './StatusSummary';

interface OverviewViewProps {
  state: WindowModel;
  now: number;
  onShowStatus: (status: RowStatus) => void;
}

export function OverviewView({ state, now, onShowStatus }: OverviewViewProps) {
  const ui = useUi();
  const open = (id: string) => {
    ui.show('watchlist');
    ui.select(id);
  };
  return (
    <section className="overview" aria-labelledby="overview-heading">
      <h2 id="overview-heading">Overview</h2>
      {state.entries.length === 0 ? (
        <EmptyState
          title="No certificates to summarise yet"
          action={
            <button type="button" className="primary" onClick={() => ui.openDialog({ kind: 'add' })}>
              Add a host
            </button>
          }
        >
          <p>Once hosts are watched, this page shows what expires when and what needs attention.</p>
        </EmptyState>
      ) : (
        <>
          <StatusSummary entries={state.entries} onShowStatus={onShowStatus} />
          <ExpiryTimeline entries={state.entries} now={now} onOpen={open} />
        </>
      )}
    </section>
  );
}
