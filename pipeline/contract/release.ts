import { z } from 'zod';

// A release: the marts snapshot frozen under a label («Справка в министерство»), so that the figures of a document
// sent in March can be shown and reproduced after later files load. Its manifest says what it was made from.

/** A file that was in force in the snapshot: loaded whole or in part, and not superseded. */
export const ReleaseFile = z.object({
  file_name: z.string(),
  file_sha256: z.string().regex(/^[0-9a-f]{64}$/),
  received_at: z.string(),
  status: z.string(),
});

export const ReleaseManifest = z.object({
  /** The folder's name: `<date>_<year>_v<version>_<hash>` (the date in the region's time zone). */
  id: z.string().regex(/^\d{4}-\d{2}-\d{2}_\d{4}_v\d+_[0-9a-f]{12}$/),
  year: z.number().int(),
  /** The n-th release of the year: a release is never rewritten, a new one is a new version. */
  version: z.number().int().positive(),
  label: z.string().min(1),
  created_at: z.string(),
  /** The pipeline run that published the snapshot. */
  run_id: z.string(),
  snapshot_generated_at: z.string(),
  /** SHA-256 over the reference files (name and content) the release was made with. */
  reference_sha256: z.string().regex(/^[0-9a-f]{64}$/),
  files_in_force: z.array(ReleaseFile),
  /** Every file of the release but the manifest: its path in the release's folder → SHA-256. */
  checksums: z.record(z.string(), z.string().regex(/^[0-9a-f]{64}$/)),
  /** SHA-256 of everything above but `id`: the last 12 digits of `id` are its start, so an edit is seen. */
  content_sha256: z.string().regex(/^[0-9a-f]{64}$/),
});
export type ReleaseManifest = z.infer<typeof ReleaseManifest>;
