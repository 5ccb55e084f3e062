import type { CaseDetail, FormData as CaseFormData } from '@yuanqu/shared';
import { attachedOf, type AttachedFile, type AttachedMaterials } from './application-values';

/**
 * A copy of an application being filled in, kept in this tab's session storage. A phone may drop
 * the page while the camera is open to photograph a document, or a reload may hit; the copy brings
 * the answers and uploaded files back. Session storage, not local storage: the copy ends with the
 * tab, so a shared computer does not keep an enterprise's answers.
 */
export interface ApplicationBackup {
  savedAt: string;
  formData: CaseFormData;
  materials: AttachedMaterials;
  /**
   * The saved case this work started from (absent for an application not saved yet): when the case
   * has been saved elsewhere since — another tab, a colleague of the same enterprise — only what was
   * changed here is laid over the newer copy, so the other save is not undone.
   */
  base?: ApplicationBase;
}

export interface ApplicationBase {
  version: number;
  formData: CaseFormData;
  materials: AttachedMaterials;
}

const PREFIX = 'yuanqu.application.';

/** The storage key: a new application per item, a saved one per case. */
export function backupKeyOf(itemId: string, caseId: string | null): string {
  return caseId ? `${PREFIX}case.${caseId}` : `${PREFIX}new.${itemId}`;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

function isBackup(value: unknown): value is ApplicationBackup {
  if (!isRecord(value)) return false;
  const base = value.base;
  return (
    typeof value.savedAt === 'string' &&
    isRecord(value.formData) &&
    isRecord(value.materials) &&
    (base === undefined || (isRecord(base) && typeof base.version === 'number' && isRecord(base.formData) && isRecord(base.materials)))
  );
}

export function readBackup(key: string, storage: Storage | undefined = globalThis.sessionStorage): ApplicationBackup | null {
  try {
    const text = storage?.getItem(key);
    if (!text) return null;
    const value: unknown = JSON.parse(text);
    return isBackup(value) ? value : null;
  } catch {
    return null;
  }
}

export function writeBackup(key: string, backup: ApplicationBackup, storage: Storage | undefined = globalThis.sessionStorage): void {
  try {
    storage?.setItem(key, JSON.stringify(backup));
  } catch {
    // Storage full or refused (private mode): the page itself still holds the work.
  }
}

export function clearBackup(key: string, storage: Storage | undefined = globalThis.sessionStorage): void {
  try {
    storage?.removeItem(key);
  } catch {
    // Nothing to clear when storage is refused.
  }
}

/** The server's copy of a saved application, as the page compares and keeps it. */
export interface SavedCopy extends ApplicationBase {
  updatedAt: string;
}

export function savedCopyOf(detail: CaseDetail): SavedCopy {
  return { version: detail.version, updatedAt: detail.updatedAt, formData: detail.formData, materials: attachedOf(detail.materials) };
}

/** What to put back on the page, and what was changed both here and in the other save. */
export interface RestoredWork {
  savedAt: string;
  formData: CaseFormData;
  materials: AttachedMaterials;
  /** The case was saved elsewhere after this work began: only this tab's own changes were laid over it. */
  isMerged: boolean;
  /** Form fields and materials changed both here and in the other save; this tab's answer is shown. */
  conflicts: { fields: string[]; materials: string[] };
}

const sameAnswer = (left: unknown, right: unknown) => JSON.stringify(left ?? null) === JSON.stringify(right ?? null);
const sameFile = (left: AttachedFile | undefined, right: AttachedFile | undefined) => (left?.fileId ?? null) === (right?.fileId ?? null);

/**
 * Three-way merge of one kind of value: the server's copy, with each key this tab changed against
 * the base taken from this tab. Returns the merged values, whether any key was taken from this tab,
 * and the keys that both sides changed to different values.
 */
function mergeChanges<Value>(
  mine: Record<string, Value>,
  base: Record<string, Value>,
  theirs: Record<string, Value>,
  isSame: (left: Value | undefined, right: Value | undefined) => boolean,
): { merged: Record<string, Value>; hasChanges: boolean; conflicts: string[] } {
  const merged = { ...theirs };
  const conflicts: string[] = [];
  let hasChanges = false;
  for (const key of new Set([...Object.keys(mine), ...Object.keys(base)])) {
    if (isSame(mine[key], base[key]) || isSame(mine[key], theirs[key])) continue;
    hasChanges = true;
    if (!isSame(theirs[key], base[key])) conflicts.push(key);
    const value = mine[key];
    if (value === undefined) delete merged[key];
    else merged[key] = value;
  }
  return { merged, hasChanges, conflicts };
}

/**
 * What of a tab's copy to restore over the server's copy of the application (`server` is null for an
 * application never saved). A copy made from the server's current version is restored whole when it
 * is newer; a copy made from an older version gives only its own changes, laid over the newer save.
 */
export function restorableWork(backup: ApplicationBackup | null, server: SavedCopy | null): RestoredWork | null {
  if (!backup) return null;
  const asItWas = {
    savedAt: backup.savedAt,
    formData: backup.formData,
    materials: backup.materials,
    isMerged: false,
    conflicts: { fields: [], materials: [] },
  };
  if (!server) return asItWas;
  if (!backup.base) return isNewerThan(backup, server.updatedAt) ? asItWas : null;
  if (backup.base.version === server.version) return asItWas;
  const form = mergeChanges<CaseFormData[string]>(backup.formData, backup.base.formData, server.formData, sameAnswer);
  const files = mergeChanges(backup.materials, backup.base.materials, server.materials, sameFile);
  if (!form.hasChanges && !files.hasChanges) return null;
  return {
    savedAt: backup.savedAt,
    formData: form.merged,
    materials: files.merged,
    isMerged: true,
    conflicts: { fields: form.conflicts, materials: files.conflicts },
  };
}

/** A copy worth restoring: there is one, and it is newer than what the server has. */
export function isNewerThan(backup: ApplicationBackup | null, serverUpdatedAt: string | null): backup is ApplicationBackup {
  if (!backup) return false;
  if (!serverUpdatedAt) return true;
  return Date.parse(backup.savedAt) > Date.parse(serverUpdatedAt);
}
