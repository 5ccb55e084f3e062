import type { ChecklistItem, FormField, Material, ServiceItem, ServiceItemBody, ServiceItemKind, Shot } from '@yuanqu/shared';

/** What the item form holds while it is edited: the body, with any part possibly still blank. */
export interface ItemFormValues {
  code: string;
  nameZh: string;
  nameEn: string;
  departmentId?: string;
  kind: ServiceItemKind;
  legalBasis: string;
  statutoryLimitDays: number | null;
  committedLimitDays: number | null;
  feeYuan: number | null;
  feeNote?: string;
  materials: Array<Partial<Material>>;
  form: Array<Partial<FormField>>;
  needsInspection: boolean;
  inspectionChecklist: Array<Partial<ChecklistItem>>;
  shotList: Array<Partial<Shot>>;
  partnerZoneIds: string[];
  isPublished: boolean;
}

export const NEW_ITEM_VALUES: ItemFormValues = {
  code: '',
  nameZh: '',
  nameEn: '',
  kind: 'administrative_licence',
  legalBasis: '',
  statutoryLimitDays: null,
  committedLimitDays: null,
  feeYuan: 0,
  materials: [],
  form: [],
  needsInspection: false,
  inspectionChecklist: [],
  shotList: [],
  partnerZoneIds: [],
  isPublished: false,
};

export const NEW_MATERIAL: Partial<Material> = { isRequired: true, form: 'copy', formats: ['pdf'], maxSizeMb: 20 };
export const NEW_FORM_FIELD: Partial<FormField> = { type: 'text', isRequired: true };

export function toFormValues(item: ServiceItem): ItemFormValues {
  return {
    code: item.code,
    nameZh: item.nameZh,
    nameEn: item.nameEn,
    departmentId: item.departmentId,
    kind: item.kind,
    legalBasis: item.legalBasis,
    statutoryLimitDays: item.statutoryLimitDays,
    committedLimitDays: item.committedLimitDays,
    feeYuan: item.feeYuan,
    feeNote: item.feeNote ?? '',
    materials: item.materials,
    form: item.form,
    needsInspection: item.needsInspection,
    inspectionChecklist: item.inspectionChecklist,
    shotList: item.shotList,
    partnerZoneIds: item.partnerZoneIds,
    isPublished: item.isPublished,
  };
}

function text(value: string | null | undefined): string {
  return (value ?? '').trim();
}

/** Optional text: left out when blank. */
function optionalText<Key extends string>(key: Key, value: string | null | undefined): Partial<Record<Key, string>> {
  const trimmed = text(value);
  return trimmed ? ({ [key]: trimmed } as Record<Key, string>) : {};
}

function optionalNumber<Key extends string>(key: Key, value: number | null | undefined): Partial<Record<Key, number>> {
  return typeof value === 'number' && Number.isFinite(value) ? ({ [key]: value } as Record<Key, number>) : {};
}

/**
 * The request body from the form. The form's own rules have run; what is still blank goes to the
 * server as it is, which then names the field.
 */
export function toServiceItemBody(values: ItemFormValues): ServiceItemBody {
  return {
    code: text(values.code),
    nameZh: text(values.nameZh),
    nameEn: text(values.nameEn),
    departmentId: values.departmentId ?? '',
    kind: values.kind,
    legalBasis: text(values.legalBasis),
    statutoryLimitDays: values.statutoryLimitDays ?? 0,
    committedLimitDays: values.committedLimitDays ?? 0,
    feeYuan: values.feeYuan ?? 0,
    ...optionalText('feeNote', values.feeNote),
    materials: (values.materials ?? []).map((material) => ({
      key: text(material.key),
      nameZh: text(material.nameZh),
      nameEn: text(material.nameEn),
      isRequired: material.isRequired ?? true,
      form: material.form ?? 'copy',
      formats: material.formats ?? [],
      maxSizeMb: material.maxSizeMb ?? 20,
      ...optionalText('noteZh', material.noteZh),
      ...optionalText('noteEn', material.noteEn),
      ...optionalText('templateUrl', material.templateUrl),
    })),
    form: (values.form ?? []).map((field) => {
      const type = field.type ?? 'text';
      return {
        key: text(field.key),
        labelZh: text(field.labelZh),
        labelEn: text(field.labelEn),
        type,
        isRequired: field.isRequired ?? false,
        ...(type === 'text' || type === 'textarea' ? optionalNumber('maxLength', field.maxLength) : {}),
        ...(type === 'number' || type === 'area'
          ? { ...optionalNumber('min', field.min), ...optionalNumber('max', field.max), ...optionalText('unit', field.unit) }
          : {}),
        ...(type === 'select'
          ? {
              options: (field.options ?? []).map((option) => ({
                value: text(option?.value),
                labelZh: text(option?.labelZh),
                labelEn: text(option?.labelEn),
              })),
            }
          : {}),
      };
    }),
    // Kept when the inspection is switched off, so that switching it back on loses nothing.
    needsInspection: values.needsInspection,
    inspectionChecklist: (values.inspectionChecklist ?? []).map((entry) => ({
      key: text(entry.key),
      textZh: text(entry.textZh),
      textEn: text(entry.textEn),
    })),
    shotList: (values.shotList ?? []).map((shot) => ({ textZh: text(shot.textZh), textEn: text(shot.textEn) })),
    partnerZoneIds: values.partnerZoneIds ?? [],
    isPublished: values.isPublished,
  };
}

/** A blank the form may hold in several shapes: an emptied input (''), a cleared number (null), a field never set. */
function isBlank(value: unknown): boolean {
  return value === undefined || value === null || value === '';
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map((entry) => (isBlank(entry) ? null : canonical(entry)));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, entry]) => !isBlank(entry))
        .sort(([left], [right]) => left.localeCompare(right))
        .map(([key, entry]) => [key, canonical(entry)]),
    );
  }
  return value;
}

/**
 * Whether two states of the item form hold the same item: key order and the shape of a blank do
 * not count, so typing into a field and emptying it again leaves nothing to lose.
 */
export function isSameItemForm(left: unknown, right: unknown): boolean {
  return JSON.stringify(canonical(left)) === JSON.stringify(canonical(right));
}

/** A key from an English name: `Business licence` → `business_licence`. */
export function keyFromName(name: string): string {
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^[^a-z]+/, '')
    .replace(/_+$/, '')
    .slice(0, 40)
    .replace(/_+$/, '');
  return slug;
}
