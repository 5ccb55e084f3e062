import type { CalendarYearBody } from '@yuanqu/shared';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { listCalendarYears, loadCalendarYear } from '../api';

const CALENDAR_YEARS_QUERY_KEY = ['catalogue-admin', 'calendar-years'] as const;

export function useCalendarYears() {
  return useQuery({ queryKey: CALENDAR_YEARS_QUERY_KEY, queryFn: listCalendarYears });
}

export function useLoadCalendarYear() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ year, body }: { year: number; body: CalendarYearBody }) => loadCalendarYear(year, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: CALENDAR_YEARS_QUERY_KEY }),
  });
}
