import { readSnapshot, snapshotDir, type SnapshotFile } from '../contract/snapshot.ts';

// What the note reads: the published marts snapshot (the same files and zod contract as the site), never the
// warehouse, so a note can be written while a pipeline run holds the warehouse's lock.

const NOTE_FILES = [
  'meta',
  'ref_territories',
  'ref_indicators',
  'ref_org_types',
  'ref_checklist_criteria',
  'ref_organisations',
  'ref_measures',
  'ref_forms',
  'mart_indicator_values',
  'mart_counts',
  'mart_forms',
  'mart_coverage',
  'mart_coverage_organisations',
  'mart_checklist',
  'mart_registry',
] as const;

type NoteFile = (typeof NOTE_FILES)[number];
export type NoteData = { [K in NoteFile]: SnapshotFile<K> };

/**
 * Reads and checks the snapshot files the note uses; throws the snapshot module's Russian message when one is
 * missing or broken.
 * @example const data = readNoteData("/srv/nm/snapshot");
 */
export function readNoteData(dir: string = snapshotDir()): NoteData {
  return Object.fromEntries(NOTE_FILES.map((name) => [name, readSnapshot(name, dir)])) as NoteData;
}
