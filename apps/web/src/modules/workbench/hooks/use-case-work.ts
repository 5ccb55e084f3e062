import type { CaseActionBody, CaseDetail } from '@yuanqu/shared';
import { App } from 'antd';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../app/http';
import type { StaffCaseAction } from '../api';
import { useCase, useCaseAction, type CaseActionRequest } from './use-case';

/** An action's body without the version, which the runner adds from the case on screen. */
export type ActionInput<K extends StaffCaseAction> = Omit<CaseActionBody<K>, 'version'>;

export type RunCaseAction = <K extends StaffCaseAction>(action: K, input: ActionInput<K>) => Promise<CaseDetail>;

/**
 * One case and the steps taken on it. Every step sends the version on screen; when someone else
 * changed the case meanwhile, the server answers CASE_VERSION_CONFLICT and `isConflict` asks the
 * user to reload before acting again.
 */
export function useCaseWork(caseId: string) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const caseQuery = useCase(caseId);
  const mutation = useCaseAction(caseId);
  const [isConflict, setConflict] = useState(false);
  const detail = caseQuery.data;

  const run: RunCaseAction = useCallback(
    async (action, input) => {
      if (!detail) throw new Error('The case is not loaded');
      try {
        const next = await mutation.mutateAsync({ action, body: { ...input, version: detail.version } } as CaseActionRequest);
        void message.success(t(`workbench.case.actions.success.${action}`));
        return next;
      } catch (error) {
        if (isApiError(error) && error.code === 'CASE_VERSION_CONFLICT') setConflict(true);
        throw error;
      }
    },
    [detail, mutation, message, t],
  );

  const reload = useCallback(async () => {
    const result = await caseQuery.refetch();
    if (result.data) {
      setConflict(false);
      void message.info(t('workbench.case.conflict.reloaded'));
    }
  }, [caseQuery, message, t]);

  return { caseQuery, detail, run, isRunning: mutation.isPending, isConflict, reload };
}
