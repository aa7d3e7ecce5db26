// Free-text search, status chips (with counts) and tag chips over the watchlist.
import type { FilterState } from '../../lib/filter';
import { isFilterActive, toggle } from '../../lib/filter';
import { ROW_STATUSES, STATUS_LABEL, type RowStatus } from '../../lib/status';

interface FilterBarProps {
  filter: FilterState;
  onChange: (filter: FilterState) => void;
  counts: Record<RowStatus, number>;
  tags: Array<{ tag: string; count: number }>;
}

export function FilterBar({ filter, onChange, counts, tags }: FilterBarProps) {
  return (
    <div className="filter-bar">
      <input
        type="search"
        className="filter-text"
        aria-label="Filter entries"
        placeholder="Filter by host, label, owner, issuer, problem…"
        value={filter.text}
        onChange={(event) => onChange({ ...filter, text: event.target.value })}
      />
      <div role="group" aria-label="Status" className="chips">
        {ROW_STATUSES.filter((s) => counts[s] > 0 || filter.statuses.includes(s)).map((status) => (
          <button
            key={status}
            type="button"
            className={`chip chip-${status}`}
            aria-pressed={filter.statuses.includes(status)}
            onClick={() => onChange({ ...filter, statuses: toggle(filter.statuses, status) })}
          >
            {STATUS_LABEL[status]} <span className="chip-count">{counts[status]}</span>
          </button>
        ))}
      </div>
      {tags.length > 0 && (
        <div role="group" aria-label="Tags" className="chips">
          {tags.map(({ tag, count }) => (
            <button
              key={tag}
              type="button"
              className="chip chip-tag"
              aria-pressed={filter.tags.includes(tag)}
              onClick={() => onChange({ ...filter, tags: toggle(filter.tags, tag) })}
            >
              #{tag} <span className="chip-count">{count}</span>
            </button>
          ))}
        </div>
      )}
      {filter.ids?.length ? (
        <button
          type="button"
          className="chip chip-tag"
          aria-pressed="true"
          title="The entries of the notification you clicked; click to show every entry"
          onClick={() => {
            const { ids: _ids, ...rest } = filter;
            onChange(rest);
          }}
        >
          From a notification <span className="chip-count">{filter.ids.length}</span> ×
        </button>
      ) : null}
      {isFilterActive(filter) && (
        <button
          type="button"
          className="link-button"
          onClick={() => onChange({ statuses: [], tags: [], text: '' })}
        >
          Clear filters
        </button>
      )}
    </div>
  );
}
