// The window's title bar: app name, the three views and Quick check.
import { VIEWS, type View } from '../../app/views';

interface HeaderProps {
  view: View;
  onView: (view: View) => void;
  onQuickCheck: () => void;
}

export function Header({ view, onView, onQuickCheck }: HeaderProps) {
  return (
    <header className="app-header">
      <h1 className="app-title">Certwatch</h1>
      <nav aria-label="Views" className="app-nav">
        {VIEWS.map((v) => (
          <button
            key={v.view}
            type="button"
            className="nav-button"
            aria-current={view === v.view ? 'page' : undefined}
            onClick={() => onView(v.view)}
          >
            {v.label}
          </button>
        ))}
      </nav>
      <button type="button" onClick={onQuickCheck}>
        Quick check…
      </button>
    </header>
  );
}
