import { ExclamationCircleOutlined } from '@ant-design/icons';
import type { CaseDetail, FormField, Material } from '@yuanqu/shared';
import { Alert } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { formatMoment } from '../dates';

/** What a deficiency's target names, in the user's language: the material or the form field (`form.<key>`). */
export function useTargetName(fields: readonly FormField[], materials: readonly Material[]) {
  const { t, i18n } = useTranslation();
  const isChinese = i18n.language === 'zh-CN';
  return (target: string): string => {
    if (target.startsWith('form.')) {
      const field = fields.find((candidate) => `form.${candidate.key}` === target);
      return field ? (isChinese ? field.labelZh : field.labelEn) : t('applicant.correction.unknownTarget');
    }
    const material = materials.find((candidate) => candidate.key === target);
    return material ? (isChinese ? material.nameZh : material.nameEn) : t('applicant.correction.unknownTarget');
  };
}

/** The reasons a correction notice gives for one field or material, shown beside it. */
export function DeficiencyNote({ reasons }: { reasons: readonly string[] }) {
  const { t } = useTranslation();
  return (
    <span className="deficiency-note" role="note">
      <ExclamationCircleOutlined aria-hidden style={{ marginTop: 4 }} />
      <span>
        {reasons.map((reason) => (
          <span key={reason} style={{ display: 'block' }}>
            {t('applicant.correction.needs', { reason })}
          </span>
        ))}
      </span>
    </span>
  );
}

/** 一次性告知: the whole notice, every deficiency at once, with an optional action. */
export function CorrectionNotice({
  correction,
  fields,
  materials,
  action,
}: {
  correction: NonNullable<CaseDetail['correction']>;
  fields: readonly FormField[];
  materials: readonly Material[];
  action?: ReactNode;
}) {
  const { t, i18n } = useTranslation();
  const targetName = useTargetName(fields, materials);
  return (
    <Alert
      type="warning"
      showIcon
      message={t('applicant.correction.title')}
      action={action}
      description={
        <>
          {t('applicant.correction.intro', {
            count: correction.deficiencies.length,
            time: formatMoment(correction.issuedAt, i18n.language),
          })}
          <ol className="correction-list">
            {correction.deficiencies.map((deficiency, index) => (
              <li key={`${deficiency.target}-${index}`}>
                <strong>{targetName(deficiency.target)}</strong>
                {i18n.language === 'zh-CN' ? '：' : ': '}
                {deficiency.reason}
              </li>
            ))}
          </ol>
          {correction.note && <div style={{ marginTop: 8 }}>{t('applicant.correction.note', { note: correction.note })}</div>}
        </>
      }
    />
  );
}
