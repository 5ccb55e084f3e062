import type { AuditVerification } from '@yuanqu/shared';
import { Alert } from 'antd';
import { useTranslation } from 'react-i18next';

/** The outcome of a verification: intact, or the list of problems by record. */
export function AuditVerificationResult({ verification, onClose }: { verification: AuditVerification; onClose: () => void }) {
  const { t } = useTranslation();
  if (verification.isIntact) {
    return (
      <Alert
        type="success"
        showIcon
        closable
        onClose={onClose}
        message={t('audit.verification.intactTitle')}
        description={t('audit.verification.intactDescription', { checked: verification.checked })}
        style={{ marginBottom: 16 }}
      />
    );
  }
  return (
    <Alert
      type="error"
      showIcon
      closable
      onClose={onClose}
      message={t('audit.verification.brokenTitle')}
      description={
        <>
          {t('audit.verification.brokenDescription', {
            checked: verification.checked,
            count: verification.problems.length,
          })}
          <ul className="audit-problems">
            {verification.problems.map((problem) => (
              <li key={`${problem.seq}-${problem.kind}`}>
                {t('audit.verification.problem', {
                  seq: problem.seq,
                  kind: t(`audit.verification.kinds.${problem.kind}`),
                })}
              </li>
            ))}
          </ul>
        </>
      }
      style={{ marginBottom: 16 }}
    />
  );
}
