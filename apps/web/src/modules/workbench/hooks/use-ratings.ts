import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  appealRating,
  decideAppeal,
  getSatisfaction,
  listCalendarYears,
  listRectificationTasks,
  recordReturnVisit,
  type SatisfactionDimension,
} from '../api';
import { createWorkingDayCalendar } from '../working-days';
import { WORKBENCH_QUERY_KEY } from './use-case-queue';

const RATINGS_KEY = [...WORKBENCH_QUERY_KEY, 'ratings'] as const;

export function useSatisfaction(by: SatisfactionDimension) {
  return useQuery({ queryKey: [...RATINGS_KEY, 'satisfaction', by], queryFn: () => getSatisfaction(by) });
}

export function useRectificationTasks(options: { enabled?: boolean } = {}) {
  return useQuery({ queryKey: [...RATINGS_KEY, 'tasks'], queryFn: listRectificationTasks, enabled: options.enabled ?? true });
}

/** The official calendar, to count a task's working days left; null while it loads or when it cannot be read. */
export function useWorkingDayCalendar() {
  const years = useQuery({ queryKey: [...WORKBENCH_QUERY_KEY, 'calendar-years'], queryFn: listCalendarYears, staleTime: 10 * 60_000 });
  return years.data ? createWorkingDayCalendar(years.data) : null;
}

/** Return visits, appeals and appeal decisions; each refreshes the tasks and the statistics. */
export function useRatingMutations() {
  const queryClient = useQueryClient();
  const onSuccess = () => queryClient.invalidateQueries({ queryKey: RATINGS_KEY });
  return {
    returnVisit: useMutation({
      mutationFn: ({ taskId, note }: { taskId: string; note: string }) => recordReturnVisit(taskId, { note }),
      onSuccess,
    }),
    appeal: useMutation({
      mutationFn: ({ ratingId, reason }: { ratingId: string; reason: string }) => appealRating(ratingId, { reason }),
      onSuccess,
    }),
    decideAppeal: useMutation({
      mutationFn: ({ ratingId, isUpheld, note }: { ratingId: string; isUpheld: boolean; note: string }) =>
        decideAppeal(ratingId, { isUpheld, note }),
      onSuccess,
    }),
  };
}
