// The one message line at the bottom of the window (removed, restored, exported...), with an optional action.
// The live region is always present so screen readers announce each new message.
export interface ToastMessage {
  id: number;
  text: string;
  tone?: 'info' | 'error';
  action?: { label: string; run: () => void };
}

export function Toast({ toast, onDismiss }: { toast: ToastMessage | null; onDismiss: () => void }) {
  return (
    <div className="toast-region" role="status" aria-live="polite" aria-label="Messages">
      {toast && (
        <div className={toast.tone === 'error' ? 'toast toast-error' : 'toast'} key={toast.id}>
          <span>{toast.text}</span>
          {toast.action && (
            <button type="button" className="toast-action" onClick={toast.action.run}>
              {toast.action.label}
            </button>
          )}
          <button type="button" className="icon-button" aria-label="Dismiss message" onClick={onDismiss}>
            ×
          </button>
        </div>
      )}
    </div>
  );
}
