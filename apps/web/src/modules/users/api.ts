import type { CreateUserBody, ListUsersQuery, ResetPasswordBody, UpdateUserBody, User } from '@yuanqu/shared';
import { http } from '../../app/http';

export interface UserPage {
  items: User[];
  total: number;
  page: number;
  pageSize: number;
}

export function listUsers(query: ListUsersQuery): Promise<UserPage> {
  return http.get<UserPage>('/api/users', { query: { ...query } });
}

export function createUser(body: CreateUserBody): Promise<User> {
  return http.post<User>('/api/users', body);
}

export function updateUser(id: string, body: UpdateUserBody): Promise<User> {
  return http.patch<User>(`/api/users/${encodeURIComponent(id)}`, body);
}

/** The account actions of the user admin pages, each a POST without a body. */
export type UserAction = 'disable' | 'enable' | 'unlock' | 'reset-second-factor' | 'revoke-sessions';

export function runUserAction(id: string, action: UserAction): Promise<unknown> {
  return http.post<unknown>(`/api/users/${encodeURIComponent(id)}/${action}`);
}

export function resetUserPassword(id: string, body: ResetPasswordBody): Promise<unknown> {
  return http.post<unknown>(`/api/users/${encodeURIComponent(id)}/reset-password`, body);
}
