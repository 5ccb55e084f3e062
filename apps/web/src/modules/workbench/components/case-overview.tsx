import type { CaseDetail, ServiceItem } from '@yuanqu/shared';
import { Descriptions, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../app/i18n/format';
import { usePreferences } from '../../../app/preferences';
import { formatAnswer } from '../case-form-answers';
import { CaseStatusTag } from './case-status-tag';

/** Who applied for what: number, item, department, enterprise and applicant, times. */
export function CaseApplication({ detail }: { detail: CaseDetail }) {
  const { t, i18n } = useTranslation();
  const { language } = usePreferences();
  const name = (value: { nameZh: string; nameEn: string }) => (language === 'zh-CN' ? value.nameZh : value.nameEn);
  return (
    <Descriptions size="small" column={{ xs: 1, sm: 1, md: 2, lg: 2, xl: 2, xxl: 3 }} bordered>
      <Descriptions.Item label={t('workbench.case.fields.number')}>
        <Typography.Text copyable className="case-heading-number">
          {detail.number ?? '—'}
        </Typography.Text>
      </Descriptions.Item>
      <Descriptions.Item label={t('workbench.case.fields.status')}>
        <CaseStatusTag status={detail.status} />
      </Descriptions.Item>
      <Descriptions.Item label={t('workbench.case.fields.item')}>
        {name(detail.serviceItem)}
        <Typography.Text type="secondary"> · {detail.serviceItem.code}</Typography.Text>
      </Descriptions.Item>
      <Descriptions.Item label={t('workbench.case.fields.department')}>{name(detail.department)}</Descriptions.Item>
      <Descriptions.Item label={t('workbench.case.fields.enterprise')}>{detail.enterpriseName ?? '—'}</Descriptions.Item>
      <Descriptions.Item label={t('workbench.case.fields.applicant')}>{detail.applicantName}</Descriptions.Item>
      <Descriptions.Item label={t('workbench.case.fields.submittedAt')}>
        {formatDateTime(detail.submittedAt, i18n.language) || '—'}
      </Descriptions.Item>
      <Descriptions.Item label={t('workbench.case.fields.updatedAt')}>{formatDateTime(detail.updatedAt, i18n.language)}</Descriptions.Item>
    </Descriptions>
  );
}

/** The answers of the application form, labelled by the item's form (raw keys when it is unknown). */
export function CaseFormAnswers({ detail, item }: { detail: CaseDetail; item: ServiceItem | undefined }) {
  const { t } = useTranslation();
  const { language } = usePreferences();
  const fields = item?.form ?? [];
  const known = new Set(fields.map((field) => field.key));
  const extraKeys = Object.keys(detail.formData).filter((key) => !known.has(key));
  if (fields.length === 0 && extraKeys.length === 0)
    return <Typography.Text type="secondary">{t('workbench.case.form.empty')}</Typography.Text>;
  const flagged = new Set((detail.correction?.deficiencies ?? []).map((deficiency) => deficiency.target));
  return (
    <Descriptions size="small" column={{ xs: 1, sm: 1, md: 2, lg: 2, xl: 2, xxl: 3 }} bordered>
      {fields.map((field) => {
        const answer = formatAnswer(field, detail.formData[field.key], language);
        const isFlagged = flagged.has(`form.${field.key}`);
        return (
          <Descriptions.Item key={field.key} label={language === 'zh-CN' ? field.labelZh : field.labelEn}>
            {answer ? (
              <Typography.Text type={isFlagged ? 'warning' : undefined} style={{ whiteSpace: 'pre-wrap' }}>
                {answer}
              </Typography.Text>
            ) : (
              <Typography.Text type="secondary">{t('workbench.case.form.unanswered')}</Typography.Text>
            )}
          </Descriptions.Item>
        );
      })}
      {extraKeys.map((key) => (
        <Descriptions.Item key={key} label={key}>
          {String(detail.formData[key] ?? '')}
        </Descriptions.Item>
      ))}
    </Descriptions>
  );
}
