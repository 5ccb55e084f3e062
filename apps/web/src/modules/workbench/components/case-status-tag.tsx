import type { CaseStatus } from '@yuanqu/shared';
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';

const STATUS_COLORS: Record<CaseStatus, string> = {
  draft: 'default',
  submitted: 'blue',
  correction_requested: 'orange',
  refused: 'red',
  accepted: 'cyan',
  inspection: 'purple',
  under_review: 'geekblue',
  suspended: 'gold',
  concluded: 'green',
  delivered: 'success',
  withdrawn: 'default',
};

/** A case's state as a coloured tag, in the user's language. */
export function CaseStatusTag({ status }: { status: CaseStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_COLORS[status]} bordered={false} style={{ marginInlineEnd: 0 }}>
      {t(`workbench.status.${status}`)}
    </Tag>
  );
}
