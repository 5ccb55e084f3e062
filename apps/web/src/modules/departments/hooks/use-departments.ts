import type { CreateDepartmentBody, Department, UpdateDepartmentBody } from '@yuanqu/shared';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo } from 'react';
import { usePreferences } from '../../../app/preferences';
import { createDepartment, deleteDepartment, listDepartments, updateDepartment } from '../api';

export const DEPARTMENTS_QUERY_KEY = ['departments'] as const;

export function useDepartments(options: { enabled?: boolean } = {}) {
  return useQuery({ queryKey: DEPARTMENTS_QUERY_KEY, queryFn: listDepartments, enabled: options.enabled ?? true });
}

/** The department's name in the user's language. */
export function useDepartmentName() {
  const { language } = usePreferences();
  return (department: Pick<Department, 'nameZh' | 'nameEn'>) => (language === 'zh-CN' ? department.nameZh : department.nameEn);
}

/** Select options for the departments, in the user's language. */
export function useDepartmentOptions(options: { enabled?: boolean } = {}) {
  const departments = useDepartments(options);
  const { language } = usePreferences();
  const selectOptions = useMemo(
    () =>
      (departments.data ?? []).map((department) => ({
        value: department.id,
        label: language === 'zh-CN' ? department.nameZh : department.nameEn,
      })),
    [departments.data, language],
  );
  return { ...departments, options: selectOptions };
}

export function useDepartmentMutations() {
  const queryClient = useQueryClient();
  const onSuccess = () => queryClient.invalidateQueries({ queryKey: DEPARTMENTS_QUERY_KEY });
  return {
    create: useMutation({ mutationFn: (body: CreateDepartmentBody) => createDepartment(body), onSuccess }),
    update: useMutation({
      mutationFn: ({ id, body }: { id: string; body: UpdateDepartmentBody }) => updateDepartment(id, body),
      onSuccess,
    }),
    remove: useMutation({ mutationFn: (id: string) => deleteDepartment(id), onSuccess }),
  };
}
