import { normalizePhone, type CaseMaterial, type Deficiency, type FormData as CaseFormData, type FormField } from '@yuanqu/shared';
import dayjs, { type Dayjs } from 'dayjs';
import type { FieldProblem } from '../../app/http';

/** The antd form's values: dates are dayjs objects there, `YYYY-MM-DD` strings in the API. */
export type Answers = Record<string, string | number | Dayjs | null | undefined>;

/** A file attached to a material: its id from the upload, and what to show. */
export interface AttachedFile {
  fileId: string;
  fileName: string;
  sizeBytes: number;
}

/** Material key → attached file. */
export type AttachedMaterials = Record<string, AttachedFile>;

const DAY_FORMAT = 'YYYY-MM-DD';

/** The answers as the API takes them: trimmed, dates as `YYYY-MM-DD`, empty answers left out. */
export function toFormData(fields: readonly FormField[], answers: Answers): CaseFormData {
  const data: CaseFormData = {};
  for (const field of fields) {
    const value = answers[field.key];
    if (value === undefined || value === null) continue;
    if (dayjs.isDayjs(value)) {
      if (value.isValid()) data[field.key] = value.format(DAY_FORMAT);
    } else if (typeof value === 'string') {
      const text =
        field.type === 'credit_code' ? value.trim().toUpperCase() : field.type === 'phone' ? normalizePhone(value) : value.trim();
      if (text !== '') data[field.key] = text;
    } else if (Number.isFinite(value)) {
      data[field.key] = value;
    }
  }
  return data;
}

/** Saved answers back into the form's shape. */
export function toAnswers(fields: readonly FormField[], data: CaseFormData): Answers {
  const answers: Answers = {};
  for (const field of fields) {
    const value = data[field.key];
    if (value === undefined || value === null) continue;
    if (field.type === 'date') {
      const day = typeof value === 'string' ? dayjs(value, DAY_FORMAT) : null;
      answers[field.key] = day?.isValid() ? day : undefined;
    } else if ((field.type === 'number' || field.type === 'area') && typeof value === 'string') {
      const number = Number(value);
      answers[field.key] = Number.isFinite(number) ? number : value;
    } else {
      answers[field.key] = value;
    }
  }
  return answers;
}

/** The API's material map (key → file id). */
export function toMaterialIds(materials: AttachedMaterials): Record<string, string> {
  return Object.fromEntries(Object.entries(materials).map(([key, file]) => [key, file.fileId]));
}

/** The files a saved case holds, by material key. */
export function attachedOf(materials: readonly CaseMaterial[]): AttachedMaterials {
  return Object.fromEntries(
    materials.map((material) => [
      material.materialKey,
      { fileId: material.fileId, fileName: material.fileName, sizeBytes: material.sizeBytes },
    ]),
  );
}

/** Server problems sorted to where they show: a form field, a material, or the page. */
export interface SortedProblems {
  form: Map<string, string[]>;
  materials: Map<string, string[]>;
  other: FieldProblem[];
}

function add(map: Map<string, string[]>, key: string, reason: string): void {
  const reasons = map.get(key) ?? [];
  if (!reasons.includes(reason)) reasons.push(reason);
  map.set(key, reasons);
}

/**
 * Sorts `error.fields`: `body.formData.<field>` belongs to the field, `body.materials.<key>` to the
 * material (the server may also write the path with slashes, `/body/formData/<field>`).
 */
export function sortProblems(problems: readonly FieldProblem[]): SortedProblems {
  const sorted: SortedProblems = { form: new Map(), materials: new Map(), other: [] };
  for (const problem of problems) {
    const path = problem.field.replace(/^\//, '').replace(/\//g, '.');
    const match = /^(?:body\.)?(formData|materials)\.([^.[\]]+)/.exec(path);
    if (match?.[1] === 'formData' && match[2]) add(sorted.form, match[2], problem.reason);
    else if (match?.[1] === 'materials' && match[2]) add(sorted.materials, match[2], problem.reason);
    else sorted.other.push(problem);
  }
  return sorted;
}

/** A correction notice's deficiencies by what they name: `form.<field>` or a material key. */
export function sortDeficiencies(deficiencies: readonly Deficiency[]): { form: Map<string, string[]>; materials: Map<string, string[]> } {
  const form = new Map<string, string[]>();
  const materials = new Map<string, string[]>();
  for (const deficiency of deficiencies) {
    if (deficiency.target.startsWith('form.')) add(form, deficiency.target.slice('form.'.length), deficiency.reason);
    else add(materials, deficiency.target, deficiency.reason);
  }
  return { form, materials };
}

/**
 * The targets of a correction notice (`form.<key>` or a material key) that the answer about to be sent
 * leaves as they were when the notice came: an answer equal to the noticed one, or the same file.
 */
export function unchangedDeficiencies(
  deficiencies: { form: Map<string, string[]>; materials: Map<string, string[]> },
  noticed: { formData: CaseFormData; materials: AttachedMaterials },
  answer: { formData: CaseFormData; materials: AttachedMaterials },
): string[] {
  const fields = [...deficiencies.form.keys()]
    .filter((key) => (answer.formData[key] ?? null) === (noticed.formData[key] ?? null))
    .map((key) => `form.${key}`);
  const materials = [...deficiencies.materials.keys()].filter(
    (key) => (answer.materials[key]?.fileId ?? null) === (noticed.materials[key]?.fileId ?? null),
  );
  return [...fields, ...materials];
}
