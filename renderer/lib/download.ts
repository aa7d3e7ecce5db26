// Saves a file the main process prepared (export) through an ordinary download: a Blob URL on an anchor,
// so the renderer needs no file-system access and no extra IPC.
import type { ExportFile } from '../../main/shared/contract';

export function saveExportFile(file: ExportFile, doc: Document = document): void {
  const blob = new Blob([file.content], { type: file.mimeType });
  const url = URL.createObjectURL(blob);
  const anchor = doc.createElement('a');
  anchor.href = url;
  anchor.download = file.fileName;
  anchor.rel = 'noopener';
  anchor.hidden = true;
  doc.body.append(anchor);
  anchor.click();
  anchor.remove();
  // Revoking at once can cancel the download in some engines; a moment later is safe.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
