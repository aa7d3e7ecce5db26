// Export the watchlist as JSON or CSV, or upcoming expiries as a calendar (.ics); main prepares the file,
// the window saves it as a download.
import type { ExportFormat } from '../../../main/shared/contract';
import { useApi } from '../../api/ApiContext';
import { useUi } from '../../app/ui';
import { saveExportFile } from '../../lib/download';
import { MenuButton } from '../common/MenuButton';

const CHOICES: ReadonlyArray<{ format: ExportFormat; label: string }> = [
  { format: 'json', label: 'Watchlist as JSON' },
  { format: 'csv', label: 'Watchlist as CSV' },
  { format: 'ics', label: 'Expiry calendar (.ics)' },
];

export function ExportMenu() {
  const { call } = useApi();
  const { notify } = useUi();

  const run = async (format: ExportFormat) => {
    const result = await call('watchlist:export', { format });
    if (!result.ok) {
      notify(`Export failed: ${result.error.message}`, 'error');
      return;
    }
    saveExportFile(result.value);
    notify(`Saved ${result.value.fileName}.`);
  };

  return (
    <MenuButton
      label="Export"
      items={CHOICES.map((choice) => ({ label: choice.label, onSelect: () => void run(choice.format) }))}
    />
  );
}
