// Full-window states before the watchlist exists: loading, failed to load, and no bridge at all.
export function LoadingScreen() {
  return (
    <div className="screen" role="status">
      <div className="spinner" aria-hidden="true" />
      <p>Loading your watchlist…</p>
    </div>
  );
}

export function LoadErrorScreen({ message, onRetry }: { message: string; onRetry: () => void }) {
  return (
    <div className="screen">
      <h1>Certwatch could not load the watchlist</h1>
      <p role="alert">{message}</p>
      <button type="button" className="primary" onClick={onRetry}>
        Try again
      </button>
    </div>
  );
}

/** Shown when the page runs without the preload or bridge client, e.g. opened directly in a browser. */
export function MissingBridge() {
  return (
    <div className="screen">
      <h1>Certwatch cannot start here</h1>
      <p role="alert">
        This page needs the Certwatch app around it: the connection to the certificate engine (
        <code>window.certwatch</code>) is missing.
      </p>
      <p>
        Open Certwatch from its tray icon or application menu. In development, run the desktop app or the web
        bridge rather than opening this file directly.
      </p>
    </div>
  );
}
