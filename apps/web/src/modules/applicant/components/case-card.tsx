import type { CaseSummary } from '@yuanqu/shared';
import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { formatMoment } from '../dates';
import { ClockLine } from './case-clock';
import { CaseStatusTag } from './case-status-tag';
import '../applicant.css';

/** One case in the list: number, item, status in plain words, the clock. */
export function CaseCard({ summary }: { summary: CaseSummary }) {
  const { t, i18n } = useTranslation();
  const isChinese = i18n.language === 'zh-CN';
  return (
    <Link to={`/my/cases/${summary.id}`} className="case-card">
      <span className="case-card-top">
        <span className="case-card-number">{summary.number ?? t('applicant.myCases.noNumber')}</span>
        <CaseStatusTag status={summary.status} />
      </span>
      <span className="case-card-title">{isChinese ? summary.serviceItem.nameZh : summary.serviceItem.nameEn}</span>
      <ClockLine clock={summary.clock} status={summary.status} />
      <Typography.Text type="secondary" style={{ fontSize: '0.88em' }}>
        {isChinese ? summary.department.nameZh : summary.department.nameEn}
        {' · '}
        {summary.submittedAt
          ? t('applicant.myCases.submittedAt', { time: formatMoment(summary.submittedAt, i18n.language) })
          : t('applicant.myCases.updatedAt', { time: formatMoment(summary.updatedAt, i18n.language) })}
      </Typography.Text>
    </Link>
  );
}
