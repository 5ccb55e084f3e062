import { describe, expect, it } from 'vitest';
import { backupKeyOf, clearBackup, isNewerThan, readBackup, restorableWork, writeBackup } from './application-backup';

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

  describe('restoring over the server’s copy', () => {
    const file = (fileId: string) => ({ fileId, fileName: `${fileId}.pdf`, sizeBytes: 10 });
    const base = { version: 3, formData: { project_name: '一期', contact_name: '黄海' }, materials: { plan: file('f1') } };
    const server = (version: number, formData: Record<string, string>, materials = base.materials) => ({
      version,
      updatedAt: '2026-11-26T10:05:00.000Z',
      formData,
      materials,
    });

    it('lays only this tab’s changes over a case saved elsewhere since, keeping the other save', () => {
      // Tab B began from version 3 and changed the contact; tab A meanwhile saved a new project name (version 4).
      const backup = {
        savedAt: '2026-11-26T10:06:00.000Z',
        formData: { project_name: '一期', contact_name: '王敏' },
        materials: base.materials,
        base,
      };
      const restored = restorableWork(backup, server(4, { project_name: '二期', contact_name: '黄海' }));
      expect(restored).toMatchObject({
        isMerged: true,
        formData: { project_name: '二期', contact_name: '王敏' },
        conflicts: { fields: [], materials: [] },
      });
    });

    it('names what both sides changed differently, and shows this tab’s answer there', () => {
      const backup = {
        savedAt: '2026-11-26T10:06:00.000Z',
        formData: { project_name: '三期', contact_name: '黄海' },
        materials: { plan: file('f3') },
        base,
      };
      const restored = restorableWork(backup, server(4, { project_name: '二期', contact_name: '黄海' }, { plan: file('f2') }));
      expect(restored?.formData).toEqual({ project_name: '三期', contact_name: '黄海' });
      expect(restored?.materials.plan?.fileId).toBe('f3');
      expect(restored?.conflicts).toEqual({ fields: ['project_name'], materials: ['plan'] });
    });

    it('takes back an answer or file this tab removed', () => {
      const backup = { savedAt: '2026-11-26T10:06:00.000Z', formData: { project_name: '一期' }, materials: {}, base };
      const restored = restorableWork(backup, server(4, { project_name: '二期', contact_name: '黄海' }));
      expect(restored?.formData).toEqual({ project_name: '二期' });
      expect(restored?.materials).toEqual({});
    });

    it('restores nothing when this tab changed nothing the other save did not already hold', () => {
      const backup = {
        savedAt: '2026-11-26T10:06:00.000Z',
        formData: { project_name: '二期', contact_name: '黄海' },
        materials: base.materials,
        base,
      };
      expect(restorableWork(backup, server(4, { project_name: '二期', contact_name: '黄海' }))).toBeNull();
    });

    it('restores the whole copy when the case is still at the version it began from, or was never saved', () => {
      const backup = { savedAt: '2026-11-26T09:00:00.000Z', formData: { project_name: '三期' }, materials: {}, base };
      expect(restorableWork(backup, server(3, base.formData))).toMatchObject({ isMerged: false, formData: { project_name: '三期' } });
      expect(restorableWork({ ...backup, base: undefined }, null)).toMatchObject({ isMerged: false, formData: { project_name: '三期' } });
    });

    it('keeps the time rule for a copy without its base: restored only when newer than the save', () => {
      const backup = { savedAt: '2026-11-26T10:00:00.000Z', formData: { project_name: '三期' }, materials: {} };
      expect(restorableWork(backup, server(4, base.formData))).toBeNull();
      expect(restorableWork({ ...backup, savedAt: '2026-11-26T10:06:00.000Z' }, server(4, base.formData))?.formData).toEqual({
        project_name: '三期',
      });
    });
  });
});
