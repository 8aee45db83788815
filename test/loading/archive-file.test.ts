import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  BACKGROUND_HASH_MIN_BYTES,
  archiveFile,
  readAndHash,
  removePartialCopies,
} from '../../pipeline/loading/archive-file.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe('reading a received file', () => {
  const dir = tempDir();

  it.each([
    ['empty', 0],
    ['small, hashed on the way', 70_000],
    ['large, hashed on its own thread', BACKGROUND_HASH_MIN_BYTES + 12_345],
  ])('gives its bytes and their SHA-256: %s', async (_, size) => {
    const bytes = randomBytes(size);
    const file = path.join(dir, `f-${size}.csv`);
    writeFileSync(file, bytes);
    const { buffer, hash } = await readAndHash(file);
    expect(buffer.equals(bytes)).toBe(true);
    expect(await hash).toBe(sha256(bytes));
  });

  it('archives the bytes read under their hash, even when the file changes after it was read', async () => {
    const bytes = randomBytes(BACKGROUND_HASH_MIN_BYTES);
    const file = path.join(dir, 'changing.csv');
    writeFileSync(file, bytes);
    const { buffer, hash } = await readAndHash(file);
    writeFileSync(file, 'changed');
    const archived = await archiveFile(file, buffer, hash, path.join(dir, 'archive'));
    expect(path.basename(archived)).toBe(`${sha256(bytes)}.csv`);
    expect(sha256(readFileSync(archived))).toBe(sha256(bytes));
    // the same content again, its hash still to come: written meanwhile, then dropped for the copy already kept
    const again = await archiveFile(
      path.join(dir, 'copy.CSV'),
      buffer,
      new Promise<string>((resolve) => setTimeout(() => resolve(sha256(bytes)), 50)),
      path.join(dir, 'archive'),
    );
    expect(again).toBe(archived);
    expect(readdirSync(path.join(dir, 'archive'), { recursive: true }).sort()).toEqual([
      sha256(bytes).slice(0, 2),
      path.join(sha256(bytes).slice(0, 2), `${sha256(bytes)}.csv`),
    ]);
  });

  it("a killed run's partial copies are removed, the archived files kept", async () => {
    const archive = path.join(dir, 'archive-killed');
    mkdirSync(path.join(archive, 'ab'), { recursive: true });
    writeFileSync(path.join(archive, '.part-4242-0a1b2c3d4e5f.csv'), 'half');
    writeFileSync(path.join(archive, 'ab', 'ab12.xlsx'), 'kept');
    await removePartialCopies(archive);
    expect(readdirSync(archive, { recursive: true }).sort()).toEqual(['ab', path.join('ab', 'ab12.xlsx')]);
    await removePartialCopies(path.join(dir, 'no-archive-yet'));
  });

  it('leaves no partial copy when the hash fails', async () => {
    const archive = path.join(dir, 'archive-failed');
    const failed = Promise.reject(new Error('hashing thread exited with code 1'));
    failed.catch(() => {}); // as readAndHash hands it over: awaited later, handled now
    await expect(archiveFile(path.join(dir, 'x.csv'), Buffer.from('a;b'), failed, archive)).rejects.toThrow('exited');
    expect(readdirSync(archive)).toEqual([]);
  });
});
