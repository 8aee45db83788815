import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, renameSync } from 'node:fs';
import path from 'node:path';

export function sha256(buffer: Buffer): string {
  return createHash('sha256').update(buffer).digest('hex');
}

/**
 * Keeps the received bytes unchanged under their content hash (`ab/abcdef….xlsx`), so that whatever
 * happens later, what was sent can be shown again. Copy then rename: a crash leaves no half file.
 */
export function archiveFile(sourcePath: string, hash: string, archiveDir: string): string {
  const ext = path.extname(sourcePath).toLowerCase().replace(/[^.a-z0-9]/g, '');
  const target = path.join(archiveDir, hash.slice(0, 2), `${hash}${ext}`);
  if (!existsSync(target)) {
    mkdirSync(path.dirname(target), { recursive: true });
    const partial = `${target}.part-${process.pid}`;
    copyFileSync(sourcePath, partial);
    renameSync(partial, target);
  }
  return target;
}
