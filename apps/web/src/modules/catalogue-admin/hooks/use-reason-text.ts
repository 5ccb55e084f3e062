import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';

/** A field problem's reason code (`exceeds_statutory_limit`, `not_found`, …) as a short sentence. */
export function useReasonText() {
  const { t, i18n } = useTranslation();
  return useCallback(
    (reason: string) =>
      i18n.exists(`catalogueAdmin.reasons.${reason}`) ? t(`catalogueAdmin.reasons.${reason}`) : t('catalogueAdmin.reasons.invalid'),
    [t, i18n],
  );
}
