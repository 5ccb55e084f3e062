import type { Inspection, InspectionStatus } from '@yuanqu/shared';

/** States in which an inspection is still ahead or running. */
export const OPEN_INSPECTION_STATUSES: readonly InspectionStatus[] = ['scheduled', 'live', 'interrupted'];

export function isOpenInspection(inspection: Pick<Inspection, 'status'>): boolean {
  return OPEN_INSPECTION_STATUSES.includes(inspection.status);
}
