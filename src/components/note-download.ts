import { DOCX_TYPE, noteFileBase } from '../contract/note-file.js';

/**
 * A button that downloads the analytical note (DOCX) of `year`. The notes of every year are one archive built with
 * the site (src/data/notes.zip.ts); it is fetched, and jszip loaded, only on click, so the page stays light.
 * `archiveUrl` is `FileAttachment("data/notes.zip").url()`: calling .url() matters, since a bare FileAttachment of a
 * .zip makes Framework add its zip reader, which loads jszip from a CDN.
 * @example display(noteDownload(FileAttachment("data/notes.zip").url(), 2021));
 */
export function noteDownload(archiveUrl: string | Promise<string>, year: number): HTMLElement {
  const box = document.createElement('div');
  box.className = 'note-download';
  const button = document.createElement('button');
  button.type = 'button';
  button.id = 'note-download';
  button.textContent = `Скачать аналитическую справку за ${year} год (DOCX)`;
  const status = document.createElement('span');
  status.className = 'muted';
  status.setAttribute('role', 'status');
  button.addEventListener('click', async () => {
    button.disabled = true;
    status.textContent = ' Готовим файл…';
    try {
      const name = `${noteFileBase(year)}.docx`;
      const [{ default: JSZip }, response] = await Promise.all([import('jszip'), fetch(await archiveUrl)]);
      if (!response.ok) throw new Error(`архив справок не получен (HTTP ${response.status})`);
      const zip = await JSZip.loadAsync(await response.arrayBuffer());
      const entry = zip.file(name);
      if (!entry) throw new Error(`в архиве нет справки за ${year} год`);
      const blob = new Blob([await entry.async('arraybuffer')], { type: DOCX_TYPE });
      const link = document.createElement('a');
      link.href = URL.createObjectURL(blob);
      link.download = name;
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(link.href), 60_000);
      status.textContent = '';
    } catch (error) {
      status.textContent = ` Не удалось скачать справку: ${(error as Error).message}`;
    } finally {
      button.disabled = false;
    }
  });
  box.append(button, status);
  return box;
}
