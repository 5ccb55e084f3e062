import type { CaseDetail, ServiceItem } from '@yuanqu/shared';
import { Alert, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../app/i18n/format';
import { usePreferences } from '../../../app/preferences';

/** The name of a deficiency's target: the material's or the form field's, in the user's language. */
export function useTargetName(item: ServiceItem | undefined) {
  const { language } = usePreferences();
  return (target: string): string => {
    if (target.startsWith('form.')) {
      const field = item?.form.find((candidate) => `form.${candidate.key}` === target);
      return field ? (language === 'zh-CN' ? field.labelZh : field.labelEn) : target;
    }
    const material = item?.materials.find((candidate) => candidate.key === target);
    return material ? (language === 'zh-CN' ? material.nameZh : material.nameEn) : target;
  };
}

/** The open correction notice (一次性告知): every deficiency with its reason, and the note. */
export function CaseCorrectionNotice({
  correction,
  item,
}: {
  correction: NonNullable<CaseDetail['correction']>;
  item: ServiceItem | undefined;
}) {
  const { t, i18n } = useTranslation();
  const targetName = useTargetName(item);
  return (
    <Alert
      type="warning"
      showIcon
      message={t('workbench.case.correction.issuedAt', { time: formatDateTime(correction.issuedAt, i18n.language) })}
      description={
        <>
          <ol className="case-correction-list">
            {correction.deficiencies.map((deficiency) => (
              <li key={deficiency.target}>
                <Typography.Text strong>{targetName(deficiency.target)}</Typography.Text>：{deficiency.reason}
              </li>
            ))}
          </ol>
          {correction.note && (
            <Typography.Paragraph style={{ margin: '8px 0 0' }}>
              {t('workbench.case.correction.note', { note: correction.note })}
            </Typography.Paragraph>
          )}
          <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }}>
            {t('workbench.case.correction.waiting')}
          </Typography.Paragraph>
        </>
      }
    />
  );
}
