import type { CaseStatus } from '@yuanqu/shared';
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';

const STATUS_COLORS: Record<CaseStatus, string> = {
  draft: 'default',
  submitted: 'blue',
  correction_requested: 'orange',
  refused: 'red',
  accepted: 'blue',
  inspection: 'cyan',
  under_review: 'blue',
  suspended: 'gold',
  concluded: 'green',
  delivered: 'green',
  withdrawn: 'default',
};

/** A case's status in plain words. */
export function CaseStatusTag({ status }: { status: CaseStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_COLORS[status]} bordered={false}>
      {t(`applicant.status.${status}`)}
    </Tag>
  );
}
