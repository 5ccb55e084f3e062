import type {
  BookInspectionBody,
  ConcludeInspectionBody,
  ConfirmInspectionBody,
  Inspection,
  InspectionReasonBody,
  ListInspectionsQuery,
  RescheduleInspectionBody,
} from '@yuanqu/shared';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  bookInspection,
  cancelInspection,
  concludeInspection,
  confirmInspection,
  convertInspectionOnsite,
  getCaseForBooking,
  getInspection,
  getInvitationLink,
  getSlotProposal,
  listCasesAtInspection,
  listInspections,
  rescheduleInspection,
  getFreeSlots,
} from '../api';

export const INSPECTION_QUERY_KEY = ['inspection'] as const;

export const inspectionKeys = {
  list: (query: ListInspectionsQuery) => [...INSPECTION_QUERY_KEY, 'list', query] as const,
  detail: (id: string) => [...INSPECTION_QUERY_KEY, 'detail', id] as const,
  proposal: (caseId: string) => [...INSPECTION_QUERY_KEY, 'proposal', caseId] as const,
  freeSlots: (caseId: string) => [...INSPECTION_QUERY_KEY, 'proposal', 'free', caseId] as const,
  invitation: (id: string) => [...INSPECTION_QUERY_KEY, 'invitation', id] as const,
  casesAtInspection: () => [...INSPECTION_QUERY_KEY, 'cases-at-inspection'] as const,
  caseForBooking: (caseId: string) => [...INSPECTION_QUERY_KEY, 'case', caseId] as const,
};

/** Cases at the inspection step; with the calendar, the ones still to book. */
export function useCasesAtInspection(isEnabled: boolean) {
  return useQuery({
    queryKey: inspectionKeys.casesAtInspection(),
    queryFn: listCasesAtInspection,
    enabled: isEnabled,
    refetchInterval: 60_000,
  });
}

export function useCaseForBooking(caseId: string | undefined) {
  return useQuery({
    queryKey: inspectionKeys.caseForBooking(caseId ?? ''),
    queryFn: () => getCaseForBooking(caseId ?? ''),
    enabled: Boolean(caseId),
  });
}

/** The inspection room's calendar (or one case's inspections); refreshed every minute, as colleagues book too. */
export function useInspectionList(query: ListInspectionsQuery, options: { isEnabled?: boolean } = {}) {
  return useQuery({
    queryKey: inspectionKeys.list(query),
    queryFn: () => listInspections(query),
    enabled: options.isEnabled ?? true,
    refetchInterval: 60_000,
  });
}

export function useInspection(id: string, options: { refetchInterval?: number } = {}) {
  return useQuery({ queryKey: inspectionKeys.detail(id), queryFn: () => getInspection(id), refetchInterval: options.refetchInterval });
}

/** The earliest bookable slot; not retried, as "no slot" is an answer, not a failure. */
export function useSlotProposal(caseId: string, isEnabled: boolean) {
  return useQuery({
    queryKey: inspectionKeys.proposal(caseId),
    queryFn: () => getSlotProposal(caseId),
    enabled: isEnabled,
    retry: false,
    staleTime: 30_000,
  });
}

/** The earliest free slots for moving the case's inspection (asked for when `isEnabled`). */
export function useFreeSlots(caseId: string, isEnabled: boolean) {
  return useQuery({
    queryKey: inspectionKeys.freeSlots(caseId),
    queryFn: () => getFreeSlots(caseId),
    enabled: isEnabled,
    retry: false,
    staleTime: 30_000,
  });
}

export function useInvitationLink(id: string | undefined, isEnabled = true) {
  return useQuery({
    queryKey: inspectionKeys.invitation(id ?? ''),
    queryFn: () => getInvitationLink(id ?? ''),
    enabled: Boolean(id) && isEnabled,
    staleTime: 60_000,
  });
}

export type InspectionChange =
  | { kind: 'reschedule'; body: RescheduleInspectionBody }
  | { kind: 'cancel'; body: InspectionReasonBody }
  | { kind: 'convertOnsite'; body: InspectionReasonBody }
  | { kind: 'conclude'; body: ConcludeInspectionBody }
  | { kind: 'confirm'; body: ConfirmInspectionBody };

function runChange(id: string, change: InspectionChange): Promise<Inspection> {
  switch (change.kind) {
    case 'reschedule':
      return rescheduleInspection(id, change.body);
    case 'cancel':
      return cancelInspection(id, change.body);
    case 'convertOnsite':
      return convertInspectionOnsite(id, change.body);
    case 'conclude':
      return concludeInspection(id, change.body);
    case 'confirm':
      return confirmInspection(id, change.body);
  }
}

/** Books an inspection for a case; the case's inspections and the calendar are refreshed. */
export function useBookInspection() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: BookInspectionBody) => bookInspection(body),
    onSuccess: (inspection) => {
      queryClient.setQueryData(inspectionKeys.detail(inspection.id), inspection);
      void queryClient.invalidateQueries({ queryKey: [...INSPECTION_QUERY_KEY, 'list'] });
      void queryClient.invalidateQueries({ queryKey: [...INSPECTION_QUERY_KEY, 'proposal'] });
    },
  });
}

/**
 * A step on a booked inspection. Each sends the version on screen; the server answers
 * CASE_VERSION_CONFLICT when a colleague changed it meanwhile. Rescheduling makes a new link.
 */
export function useInspectionChange(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (change: InspectionChange) => runChange(id, change),
    onSuccess: (inspection, change) => {
      queryClient.setQueryData(inspectionKeys.detail(inspection.id), inspection);
      void queryClient.invalidateQueries({ queryKey: [...INSPECTION_QUERY_KEY, 'list'] });
      if (change.kind === 'reschedule') void queryClient.invalidateQueries({ queryKey: inspectionKeys.invitation(id) });
      // A concluded inspection moves the case on (to review); the workbench's copy is stale.
      if (inspection.status === 'concluded') void queryClient.invalidateQueries({ queryKey: ['workbench'] });
    },
  });
}
