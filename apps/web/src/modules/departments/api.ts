import type { CreateDepartmentBody, Department, UpdateDepartmentBody } from '@yuanqu/shared';
import { http } from '../../app/http';

export function listDepartments(): Promise<Department[]> {
  return http.get<Department[]>('/api/departments');
}

export function createDepartment(body: CreateDepartmentBody): Promise<Department> {
  return http.post<Department>('/api/departments', body);
}

export function updateDepartment(id: string, body: UpdateDepartmentBody): Promise<Department> {
  return http.patch<Department>(`/api/departments/${encodeURIComponent(id)}`, body);
}

export function deleteDepartment(id: string): Promise<unknown> {
  return http.delete<unknown>(`/api/departments/${encodeURIComponent(id)}`);
}
