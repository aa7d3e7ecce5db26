// A link that opens in the system browser through the main process (never window.open in the app).
import { useState } from 'react';
import { useApi } from '../../api/ApiContext';

export function ExternalLink({ url, children }: { url: string; children?: string }) {
  const { call } = useApi();
  const [error, setError] = useState<string | null>(null);
  return (
    <>
      <a
        href={url}
        className="external-link"
        onClick={(event) => {
          event.preventDefault();
          setError(null);
          void call('app:open-external', { url }).then((result) => {
            if (!result.ok) setError(result.error.message);
            else if (!result.value.opened) setError('The link could not be opened.');
          });
        }}
      >
        {children ?? url}
      </a>
      {error && (
        <span role="alert" className="error-text">
          {' '}
          {error}
        </span>
      )}
    </>
  );
}
