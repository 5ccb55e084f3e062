import type { InspectionStatus, LocationVerdictValue } from '@yuanqu/shared';
import { CheckCircleFilled, CloseCircleFilled, QuestionCircleFilled } from '@ant-design/icons';
import { Tag } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDistance } from '../geo';

const STATUS_COLORS: Record<InspectionStatus, string> = {
  scheduled: 'blue',
  live: 'red',
  interrupted: 'orange',
  concluded: 'green',
  cancelled: 'default',
  converted_onsite: 'purple',
};

/** An inspection's state as a coloured tag. */
export function InspectionStatusTag({ status }: { status: InspectionStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_COLORS[status]} bordered={false} style={{ marginInlineEnd: 0 }}>
      {t(`inspection.status.${status}`)}
    </Tag>
  );
}

const VERDICT_LOOKS: Record<LocationVerdictValue, { color: string; icon: ReactNode }> = {
  on_site: { color: 'success', icon: <CheckCircleFilled aria-hidden /> },
  off_site: { color: 'error', icon: <CloseCircleFilled aria-hidden /> },
  unknown: { color: 'default', icon: <QuestionCircleFilled aria-hidden /> },
};

/** 位置核验: on site / off site / unknown, with the distance when known. */
export function LocationVerdictTag({ verdict, distanceMeters }: { verdict: LocationVerdictValue; distanceMeters: number | null }) {
  const { t } = useTranslation();
  const look = VERDICT_LOOKS[verdict];
  return (
    <Tag color={look.color} icon={look.icon} style={{ marginInlineEnd: 0 }}>
      {t(`inspection.verdict.${verdict}`)}
      {distanceMeters !== null && ` · ${formatDistance(distanceMeters)}`}
    </Tag>
  );
}

/** 合格 / 需整改 / 不合格. */
export function InspectionResultTag({ result }: { result: string | null }) {
  const { t } = useTranslation();
  if (!result) return null;
  const color = result === 'passed' ? 'success' : result === 'failed' ? 'error' : 'warning';
  return (
    <Tag color={color} style={{ marginInlineEnd: 0 }}>
      {t(`inspection.result.${result}`, { defaultValue: result })}
    </Tag>
  );
}
