import path from 'node:path';
import type { Executor } from '../../db/client.js';
import { hashFile } from './media/index.js';
import * as repository from './inspection.repository.js';

/** One recording file that no longer matches what was recorded. */
export interface RecordingProblem {
  recordingId: string;
  inspectionId: string;
  segment: number;
  path: string;
  /** `missing`: the file is gone; `altered`: its SHA-256 differs; `unhashed`: it was never finalised (lost in a crash). */
  kind: 'missing' | 'altered' | 'unhashed';
  message: string;
}

export interface RecordingVerification {
  /** Files re-hashed. */
  checked: number;
  /** Files still being written by a live session (not checked). */
  inProgress: number;
  problems: RecordingProblem[];
  isIntact: boolean;
}

/**
 * Re-hashes every recording file against the SHA-256 stored when it was finalised (and chained into
 * the audit trail), and reports any that is missing, altered or was never hashed. Reads the files
 * one at a time as streams, so memory stays flat however long the recordings are.
 */
export async function verifyRecordings(executor: Executor, recordingsDir: string, batchSize = 500): Promise<RecordingVerification> {
  const root = path.resolve(recordingsDir);
  const problems: RecordingProblem[] = [];
  let checked = 0;
  let inProgress = 0;
  let afterId: string | null = null;
  for (;;) {
    const rows = await repository.findRecordingBatch(executor, afterId, batchSize);
    if (rows.length === 0) break;
    afterId = rows.at(-1)!.id;
    for (const row of rows) {
      const where = { recordingId: row.id, inspectionId: row.inspectionId, segment: row.segment, path: row.path };
      if (row.status === 'recording') {
        inProgress += 1;
        continue;
      }
      if (!row.sha256) {
        problems.push({ ...where, kind: 'unhashed', message: `${row.path} was never finalised; no SHA-256 is on record` });
        continue;
      }
      const absolute = path.resolve(root, row.path);
      if (!absolute.startsWith(root + path.sep)) {
        problems.push({ ...where, kind: 'missing', message: `${row.path} points outside the recordings folder` });
        continue;
      }
      checked += 1;
      const actual = await hashFile(absolute).catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT' || error.code === 'EISDIR') return null;
        throw error;
      });
      if (!actual) problems.push({ ...where, kind: 'missing', message: `${row.path} is missing` });
      else if (actual.sha256 !== row.sha256)
        problems.push({ ...where, kind: 'altered', message: `${row.path} was changed: SHA-256 ${actual.sha256} ≠ recorded ${row.sha256}` });
    }
  }
  return { checked, inProgress, problems, isIntact: problems.length === 0 };
}
