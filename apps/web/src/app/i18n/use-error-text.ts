import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError, toFormFieldErrors } from './errors';

/** `describe(error)` gives the sentence to show; `fieldErrors(error)` the per-field form errors. */
export function useErrorText() {
  const { t, i18n } = useTranslation();
  const describe = useCallback((error: unknown) => describeError(error, t, i18n.language), [t, i18n.language]);
  const fieldErrors = useCallback(<Values>(error: unknown) => toFormFieldErrors<Values>(error, t), [t]);
  return { describe, fieldErrors };
}
