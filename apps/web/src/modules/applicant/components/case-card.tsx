import type { MyCaseSummary } from '@yuanqu/shared';
import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { formatMoment } from '../dates';
import { ClockLine } from './case-clock';
import { CaseStatusTag } from './case-status-tag';
import '../applicant.css';

/**
 * One case in the list: number, item, what it is about (the project or the place, so that two
 * drafts of one item can be told apart), status in plain words, the clock, and when it was sent —
 * or, for a draft, last saved.
 */
export function CaseCard({ summary }: { summary: MyCaseSummary }) {
  const { t, i18n } = useTranslation();
  const isChinese = i18n.language === 'zh-CN';
  return (
    <Link to={`/my/cases/${summary.id}`} className="case-card">
      <span className="case-card-top">
        <span className="case-card-number">{summary.number ?? t('applicant.myCases.noNumber')}</span>
        <CaseStatusTag status={summary.status} />
      </span>
      <span className="case-card-title">{isChinese ? summary.serviceItem.nameZh : summary.serviceItem.nameEn}</span>
      {summary.subject && <span className="case-card-subject">{summary.subject}</span>}
      <ClockLine clock={summary.clock} status={summary.status} />
      <Typography.Text type="secondary" style={{ fontSize: '0.88em' }}>
        {isChinese ? summary.department.nameZh : summary.department.nameEn}
        {' · '}
        {summary.submittedAt
          ? t('applicant.myCases.submittedAt', { time: formatMoment(summary.submittedAt, i18n.language) })
          : t(summary.status === 'draft' ? 'applicant.myCases.savedAt' : 'applicant.myCases.updatedAt', {
              time: formatMoment(summary.updatedAt, i18n.language),
            })}
      </Typography.Text>
    </Link>
  );
}
