import type { CatalogueImportSheet } from '@yuanqu/shared';
import { isApiError } from '../../app/http';

/** A form item's name as antd nests it: `['materials', 0, 'formats']`. */
export type FormPath = Array<string | number>;

/**
 * Where the item form shows a problem the server named by its place in the request
 * (`body.materials.0.formats.1` → `['materials', 0, 'formats']`); null when it is not a form field.
 */
export function toFormPath(field: string): FormPath | null {
  const parts = field.replace(/^\//, '').split(/[./]/);
  if (parts[0] !== 'body' || parts.length < 2) return null;
  const path: FormPath = parts.slice(1).map((part) => (/^\d+$/.test(part) ? Number(part) : part));
  // A multiple select holds the whole list: its entries have no input of their own.
  if (path[0] === 'partnerZoneIds') return ['partnerZoneIds'];
  if (path[0] === 'materials' && path[2] === 'formats') return path.slice(0, 3);
  return path;
}

/** The server's field problems grouped by form path, for `form.setFields`. */
export function groupFormProblems(error: unknown): Array<{ name: FormPath; reasons: string[] }> {
  if (!isApiError(error)) return [];
  const byPath = new Map<string, { name: FormPath; reasons: string[] }>();
  for (const problem of error.fields) {
    const name = toFormPath(problem.field);
    if (!name) continue;
    const key = name.join('.');
    const entry = byPath.get(key) ?? { name, reasons: [] };
    if (!entry.reasons.includes(problem.reason)) entry.reasons.push(problem.reason);
    byPath.set(key, entry);
  }
  return [...byPath.values()];
}

/** One problem of an Excel import, located: the whole file, a sheet, or a cell. */
export interface ImportProblem {
  sheet: CatalogueImportSheet | null;
  /** The Excel row number (1 is the header row). */
  row: number | null;
  column: string | null;
  reason: string;
}

/** Reads `sheet.items.row.3.department` (and `sheet.materials`, `body.contentBase64`) back into a place. */
export function toImportProblem(field: string, reason: string): ImportProblem {
  const match = /^sheet(?:\.(items|materials))?(?:\.row\.(\d+)(?:\.(\w+))?)?$/.exec(field);
  if (!match) return { sheet: null, row: null, column: null, reason };
  return {
    sheet: (match[1] as CatalogueImportSheet | undefined) ?? null,
    row: match[2] ? Number(match[2]) : null,
    column: match[3] ?? null,
    reason,
  };
}
