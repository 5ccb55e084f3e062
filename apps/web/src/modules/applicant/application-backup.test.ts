import { describe, expect, it } from 'vitest';
import { backupKeyOf, clearBackup, isNewerThan, readBackup, writeBackup } from './application-backup';

class MemoryStorage {
  private readonly values = new Map<string, string>();
  get length() {
    return this.values.size;
  }
  clear() {
    this.values.clear();
  }
  getItem(key: string) {
    return this.values.get(key) ?? null;
  }
  key(index: number) {
    return [...this.values.keys()][index] ?? null;
  }
  removeItem(key: string) {
    this.values.delete(key);
  }
  setItem(key: string, value: string) {
    this.values.set(key, value);
  }
}

describe('application backup', () => {
  it('keeps answers and files per item or case, and forgets them when cleared', () => {
    const storage = new MemoryStorage();
    const key = backupKeyOf('item-1', null);
    expect(key).not.toBe(backupKeyOf('item-1', 'case-1'));
    const backup = {
      savedAt: '2026-11-26T10:00:00.000Z',
      formData: { project_name: '二期' },
      materials: { plan: { fileId: 'f1', fileName: 'plan.pdf', sizeBytes: 10 } },
    };
    writeBackup(key, backup, storage);
    expect(readBackup(key, storage)).toEqual(backup);
    clearBackup(key, storage);
    expect(readBackup(key, storage)).toBeNull();
  });

  it('ignores what is not a backup', () => {
    const storage = new MemoryStorage();
    storage.setItem('k', '{"savedAt":1}');
    expect(readBackup('k', storage)).toBeNull();
    storage.setItem('k', 'not json');
    expect(readBackup('k', storage)).toBeNull();
  });

  it('restores only a copy newer than the server’s', () => {
    const backup = { savedAt: '2026-11-26T10:00:00.000Z', formData: {}, materials: {} };
    expect(isNewerThan(backup, null)).toBe(true);
    expect(isNewerThan(backup, '2026-11-26T09:59:59.000Z')).toBe(true);
    expect(isNewerThan(backup, '2026-11-26T10:00:01.000Z')).toBe(false);
    expect(isNewerThan(null, null)).toBe(false);
  });
});
