import { describe, expect, it } from 'vitest';
import { isSameItemForm, NEW_ITEM_VALUES } from './item-form-values';

describe('whether the item form holds unsaved changes', () => {
  it('sees a field typed into, a material added, a switch turned', () => {
    expect(isSameItemForm(NEW_ITEM_VALUES, { ...NEW_ITEM_VALUES, nameZh: '临时用电审批' })).toBe(false);
    expect(isSameItemForm(NEW_ITEM_VALUES, { ...NEW_ITEM_VALUES, materials: [{ nameZh: '申请书' }] })).toBe(false);
    expect(isSameItemForm(NEW_ITEM_VALUES, { ...NEW_ITEM_VALUES, isPublished: true })).toBe(false);
    expect(isSameItemForm({ ...NEW_ITEM_VALUES, statutoryLimitDays: 20 }, { ...NEW_ITEM_VALUES, statutoryLimitDays: 2 })).toBe(false);
    expect(isSameItemForm({ ...NEW_ITEM_VALUES, feeYuan: 0 }, { ...NEW_ITEM_VALUES, feeYuan: null })).toBe(false);
  });

  it('sees nothing when an edit was undone, whatever shape the blank took', () => {
    expect(isSameItemForm(NEW_ITEM_VALUES, { ...NEW_ITEM_VALUES })).toBe(true);
    expect(isSameItemForm({ ...NEW_ITEM_VALUES, feeNote: '' }, { ...NEW_ITEM_VALUES, feeNote: undefined })).toBe(true);
    expect(isSameItemForm(NEW_ITEM_VALUES, { ...NEW_ITEM_VALUES, departmentId: undefined })).toBe(true);
    expect(isSameItemForm({ ...NEW_ITEM_VALUES, statutoryLimitDays: null }, { ...NEW_ITEM_VALUES, statutoryLimitDays: undefined })).toBe(
      true,
    );
  });

  it('ignores the order of keys but not the order of materials', () => {
    const licence = { key: 'licence', nameZh: '营业执照', formats: ['pdf'] };
    const plan = { key: 'plan', nameZh: '用电方案', formats: ['pdf', 'dwg'] };
    expect(isSameItemForm({ materials: [licence] }, { materials: [{ formats: ['pdf'], nameZh: '营业执照', key: 'licence' }] })).toBe(true);
    expect(isSameItemForm({ materials: [licence, plan] }, { materials: [plan, licence] })).toBe(false);
    expect(isSameItemForm({ materials: [plan] }, { materials: [{ ...plan, formats: ['dwg', 'pdf'] }] })).toBe(false);
  });
});
