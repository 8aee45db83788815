import { existsSync, lstatSync, readdirSync } from 'node:fs';
import path from 'node:path';

export interface InboxFile {
  /** Absolute path. */
  path: string;
  /** Path inside the inbox with `/` separators: year and territory folders are read from it. */
  relativePath: string;
  sizeBytes: number;
  modifiedAt: Date;
}

export interface InboxScan {
  files: InboxFile[];
  /** Entries that are not regular files (links, sockets…): reported, never read. */
  passedOver: string[];
}

/**
 * Lists the regular files under the inbox, in a stable order. Symbolic links are not followed, so
 * nothing outside the inbox is read; hidden files (".…") are skipped.
 */
export function scanInbox(inboxDir: string): InboxScan {
  if (!existsSync(inboxDir)) throw new Error(`Папка входящих файлов не найдена: ${inboxDir} (INBOX_DIR или --inbox)`);
  const files: InboxFile[] = [];
  const passedOver: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name.startsWith('.')) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) {
        const stat = lstatSync(full);
        files.push({
          path: full,
          relativePath: path.relative(inboxDir, full).split(path.sep).join('/'),
          sizeBytes: stat.size,
          modifiedAt: stat.mtime,
        });
      } else {
        passedOver.push(path.relative(inboxDir, full).split(path.sep).join('/'));
      }
    }
  };
  walk(inboxDir);
  files.sort((a, b) => (a.relativePath < b.relativePath ? -1 : a.relativePath > b.relativePath ? 1 : 0));
  return { files, passedOver: passedOver.sort() };
}
