import type { CreateUserBody, ResetPasswordBody, UpdateUserBody } from '@yuanqu/shared';
import { useMutation } from '@tanstack/react-query';
import { createUser, resetUserPassword, runUserAction, updateUser, type UserAction } from '../api';

/** The writes of the users page; `onChanged` reloads the table. */
export function useUserMutations(onChanged: () => void) {
  return {
    create: useMutation({ mutationFn: (body: CreateUserBody) => createUser(body), onSuccess: onChanged }),
    update: useMutation({
      mutationFn: ({ id, body }: { id: string; body: UpdateUserBody }) => updateUser(id, body),
      onSuccess: onChanged,
    }),
    action: useMutation({
      mutationFn: ({ id, action }: { id: string; action: UserAction }) => runUserAction(id, action),
      onSuccess: onChanged,
    }),
    resetPassword: useMutation({
      mutationFn: ({ id, body }: { id: string; body: ResetPasswordBody }) => resetUserPassword(id, body),
    }),
  };
}
