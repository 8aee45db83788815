import type { Normaliser } from '../reference/normaliser.ts';
import type { Reference } from '../reference/reference.ts';
import { readSubmissionFile } from '../sources/read-file.ts';
import type { SourceFormat } from '../sources/raw-submission.ts';
import type { Finding } from './finding.ts';
import { contextFromPath } from './path-context.ts';
import { type OrgYearSubmission, validateBlock } from './validate-block.ts';

export interface ValidatedFile {
  format: SourceFormat | null;
  submissions: OrgYearSubmission[];
  /** Findings about the file as a whole (its structure), not about one organisation. */
  findings: Omit<Finding, 'file'>[];
  /** True when an error concerns the whole file: none of its organisations is loaded. */
  rejected: boolean;
}

/** Reads a received file and checks every organisation in it. */
export async function validateFile(relativePath: string, buffer: Buffer, normaliser: Normaliser, ref: Reference, now = new Date()): Promise<ValidatedFile> {
  const read = await readSubmissionFile(relativePath, buffer, normaliser);
  const fileErrors = read.findings.some((f) => f.severity === 'error');
  if (read.format === null || fileErrors) {
    return { format: read.format, submissions: [], findings: read.findings, rejected: true };
  }
  const pathContext = contextFromPath(relativePath, normaliser);
  const submissions = read.blocks.map((b) => validateBlock(b, pathContext, normaliser, ref, now));
  return { format: read.format, submissions, findings: read.findings, rejected: false };
}
