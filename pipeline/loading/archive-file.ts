import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, open, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

export function sha256(buffer: Buffer): string {
  return createHash('sha256').update(buffer).digest('hex');
}

const CHUNK = 4 * 1024 * 1024;

/**
 * Reads a file whole and hashes it on the way: each chunk is hashed while the next one is being read, so a
 * large file costs about its hashing time instead of reading plus hashing. Reads up to the size the file
 * has when opened, as readFile does.
 */
export async function readAndHash(filePath: string): Promise<{ buffer: Buffer; hash: string }> {
  const handle = await open(filePath, 'r');
  try {
    const { size } = await handle.stat();
    const buffer = Buffer.allocUnsafe(size);
    const hash = createHash('sha256');
    const readAt = (offset: number) => handle.read(buffer, offset, Math.min(CHUNK, size - offset), offset);
    let offset = 0;
    let next = size > 0 ? readAt(0) : null;
    while (next) {
      const { bytesRead } = await next;
      if (bytesRead === 0) break;
      const chunk = buffer.subarray(offset, offset + bytesRead);
      offset += bytesRead;
      next = offset < size ? readAt(offset) : null;
      hash.update(chunk);
    }
    return { buffer: offset < size ? buffer.subarray(0, offset) : buffer, hash: hash.digest('hex') };
  } finally {
    await handle.close();
  }
}

/**
 * Keeps the received bytes unchanged under their content hash (`ab/abcdef….xlsx`), so that whatever
 * happens later, what was sent can be shown again. The bytes written are the ones hashed (not the file
 * again, which may have changed since). Write then rename: a crash leaves no half file.
 */
export async function archiveFile(sourcePath: string, buffer: Buffer, hash: string, archiveDir: string): Promise<string> {
  const ext = path.extname(sourcePath).toLowerCase().replace(/[^.a-z0-9]/g, '');
  const target = path.join(archiveDir, hash.slice(0, 2), `${hash}${ext}`);
  if (!existsSync(target)) {
    await mkdir(path.dirname(target), { recursive: true });
    const partial = `${target}.part-${process.pid}`;
    await writeFile(partial, buffer);
    await rename(partial, target);
  }
  return target;
}
