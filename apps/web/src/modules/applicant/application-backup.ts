import type { FormData as CaseFormData } from '@yuanqu/shared';
import type { AttachedMaterials } from './application-values';

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
}

const PREFIX = 'yuanqu.application.';

/** The storage key: a new application per item, a saved one per case. */
export function backupKeyOf(itemId: string, caseId: string | null): string {
  return caseId ? `${PREFIX}case.${caseId}` : `${PREFIX}new.${itemId}`;
}

function isBackup(value: unknown): value is ApplicationBackup {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Record<string, unknown>;
  return (
    typeof candidate.savedAt === 'string' &&
    typeof candidate.formData === 'object' &&
    candidate.formData !== null &&
    typeof candidate.materials === 'object' &&
    candidate.materials !== null
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

/** A copy worth restoring: there is one, and it is newer than what the server has. */
export function isNewerThan(backup: ApplicationBackup | null, serverUpdatedAt: string | null): backup is ApplicationBackup {
  if (!backup) return false;
  if (!serverUpdatedAt) return true;
  return Date.parse(backup.savedAt) > Date.parse(serverUpdatedAt);
}
