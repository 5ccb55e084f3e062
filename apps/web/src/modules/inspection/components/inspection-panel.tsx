import {
  CheckCircleFilled,
  ClockCircleOutlined,
  EnvironmentOutlined,
  FilePdfOutlined,
  PlayCircleOutlined,
  ReloadOutlined,
  VideoCameraOutlined,
} from '@ant-design/icons';
import type { CaseDetail, Inspection } from '@yuanqu/shared';
import { Alert, Button, Card, Descriptions, Divider, List, Skeleton, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { usePreferences } from '../../../app/preferences';
import { useActiveSession } from '../../auth/hooks/use-session';
import { ErrorAlert } from '../../../ui/error-alert';
import { buildFileUrl } from '../api';
import { useFreeSlots, useInspectionList } from '../hooks/use-inspections';
import { formatShortSlot, formatSlot } from '../schedule';
import { isOpenInspection } from '../status';
import { BookInspectionForm } from './book-inspection-form';
import { InspectionChangeModal, type InspectionChangeKind } from './inspection-change-modals';
import { InspectionResultTag, InspectionStatusTag, LocationVerdictTag } from './inspection-tags';
import { InvitationCard } from './invitation-card';
import '../inspection.css';

/**
 * 远程踏勘 on the case page: for a case at the inspection step, the proposed slot and the booking;
 * once booked, the appointment with the applicant's link and QR code, and the ways to reschedule,
 * cancel or move it on site; below, the case's earlier inspections. Shows nothing for a case that
 * never needed one.
 */
export function InspectionPanel({
  detail,
  isPlain = false,
}: {
  detail: Pick<CaseDetail, 'id' | 'status' | 'formData'>;
  /** Without its card, inside a drawer or a card of the host page. */
  isPlain?: boolean;
}) {
  const { t } = useTranslation();
  const { user } = useActiveSession();
  const inspections = useInspectionList({ caseId: detail.id });
  const [isConflict, setConflict] = useState(false);
  const canBook = user.roles.some((role) => role === 'clerk' || role === 'inspector');
  const all = [...(inspections.data ?? [])].sort((a, b) => b.slotStart.localeCompare(a.slotStart));
  const open = all.find(isOpenInspection);
  const past = all.filter((inspection) => !isOpenInspection(inspection));
  const isAtInspection = detail.status === 'inspection';

  if (inspections.isSuccess && all.length === 0 && !isAtInspection) return null;

  const reload = async () => {
    await inspections.refetch();
    setConflict(false);
  };

  const body = inspections.isLoading ? (
    <Skeleton active paragraph={{ rows: 3 }} />
  ) : inspections.isError ? (
    <ErrorAlert error={inspections.error} />
  ) : (
    <>
      {isConflict && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          message={t('inspection.panel.conflict')}
          action={
            <Button
              size="small"
              type="primary"
              icon={<ReloadOutlined aria-hidden />}
              loading={inspections.isFetching}
              onClick={() => void reload()}
            >
              {t('inspection.panel.reload')}
            </Button>
          }
        />
      )}
      {open ? (
        <OpenInspection
          inspection={open}
          canBook={canBook}
          isInspector={user.roles.includes('inspector')}
          caseId={detail.id}
          onConflict={() => setConflict(true)}
        />
      ) : isAtInspection ? (
        canBook ? (
          <BookInspectionForm detail={detail} />
        ) : (
          <Typography.Text type="secondary">{t('inspection.panel.readOnly')}</Typography.Text>
        )
      ) : null}
      {past.length > 0 && (
        <>
          {(open || isAtInspection) && (
            <Divider plain orientation="left">
              {t('inspection.panel.history')}
            </Divider>
          )}
          <PastInspections inspections={past} />
        </>
      )}
    </>
  );

  if (isPlain) return <div className="inspection-panel">{body}</div>;
  return (
    <Card
      className="case-section inspection-panel"
      size="small"
      title={
        <Space size={8}>
          <VideoCameraOutlined aria-hidden />
          {t('inspection.panel.title')}
        </Space>
      }
    >
      {body}
    </Card>
  );
}

function OpenInspection({
  inspection,
  canBook,
  isInspector,
  caseId,
  onConflict,
}: {
  inspection: Inspection;
  canBook: boolean;
  isInspector: boolean;
  caseId: string;
  onConflict: () => void;
}) {
  const { t, i18n } = useTranslation();
  const [changing, setChanging] = useState<InspectionChangeKind | null>(null);
  // The earliest free slots, offered in the reschedule dialog; asked for only when the dialog opens.
  const freeSlots = useFreeSlots(caseId, changing === 'reschedule');
  const note = inspection.status === 'live' ? 'liveNote' : inspection.status === 'interrupted' ? 'interruptedNote' : null;

  return (
    <div className="inspection-open">
      {note && (
        <Alert
          type={inspection.status === 'live' ? 'info' : 'warning'}
          showIcon
          message={t(`inspection.panel.${note}`)}
          style={{ marginBottom: 12 }}
        />
      )}
      {/* One column: the panel sits in the case page's narrow side column. */}
      <Descriptions size="small" column={1} className="inspection-appointment">
        <Descriptions.Item label={t('inspection.panel.time')}>
          <Space size={6}>
            <ClockCircleOutlined aria-hidden />
            <Typography.Text strong>{formatSlot(inspection.slotStart, inspection.slotEnd, i18n.language)}</Typography.Text>
            <InspectionStatusTag status={inspection.status} />
          </Space>
        </Descriptions.Item>
        <Descriptions.Item label={t('inspection.panel.inspectors')}>
          <Space size={4} wrap>
            {inspection.inspectors.map((inspector) => (
              <Tag key={inspector.id} bordered={false} color="blue">
                {inspector.displayName}
              </Tag>
            ))}
          </Space>
        </Descriptions.Item>
        <Descriptions.Item label={t('inspection.panel.location')}>
          <LocationVerdictTag verdict={inspection.location.verdict} distanceMeters={inspection.location.distanceMeters} />
        </Descriptions.Item>
        <Descriptions.Item label={t('inspection.panel.site')}>
          <Space size={6} wrap>
            <EnvironmentOutlined aria-hidden />
            <span>{inspection.site.address}</span>
            <Typography.Text type="secondary">
              ({inspection.site.latitude.toFixed(5)}, {inspection.site.longitude.toFixed(5)} ·{' '}
              {t('inspection.panel.radius', { radius: inspection.site.radiusMeters })})
            </Typography.Text>
          </Space>
        </Descriptions.Item>
        {inspection.statusReason && <Descriptions.Item label={t('inspection.panel.reason')}>{inspection.statusReason}</Descriptions.Item>}
      </Descriptions>
      <Space wrap className="inspection-actions">
        {isInspector && (
          <Link to={`/inspections/${inspection.id}/live`}>
            <Button type="primary" icon={<VideoCameraOutlined aria-hidden />}>
              {t('inspection.panel.enterRoom')}
            </Button>
          </Link>
        )}
        {canBook && (
          <>
            <Button onClick={() => setChanging('reschedule')}>{t('inspection.panel.reschedule')}</Button>
            <Button onClick={() => setChanging('convertOnsite')}>{t('inspection.panel.convertOnsite')}</Button>
            <Button danger type="text" onClick={() => setChanging('cancel')}>
              {t('inspection.panel.cancel')}
            </Button>
          </>
        )}
      </Space>
      {canBook && <InvitationCard inspection={inspection} />}
      <InspectionChangeModal
        inspection={inspection}
        kind={changing}
        freeSlots={freeSlots.data}
        onClose={() => setChanging(null)}
        onConflict={onConflict}
      />
    </div>
  );
}

function PastInspections({ inspections }: { inspections: Inspection[] }) {
  const { t } = useTranslation();
  const { language } = usePreferences();
  return (
    <List
      size="small"
      dataSource={inspections}
      renderItem={(inspection) => (
        <List.Item
          actions={[
            inspection.status === 'concluded' && (
              <Link key="replay" to={`/inspections/${inspection.id}/replay`}>
                <PlayCircleOutlined aria-hidden /> {t('inspection.panel.replay')}
              </Link>
            ),
            inspection.record && (
              <a key="record" href={buildFileUrl(inspection.record.fileId)} target="_blank" rel="noopener noreferrer">
                <FilePdfOutlined aria-hidden /> {t('inspection.panel.record')}
              </a>
            ),
          ].filter(Boolean)}
        >
          <List.Item.Meta
            title={
              <Space size={8} wrap>
                <span>{formatShortSlot(inspection.slotStart, language)}</span>
                <InspectionStatusTag status={inspection.status} />
                <InspectionResultTag result={inspection.result} />
                {inspection.status === 'concluded' && inspection.inspectors.every((inspector) => inspector.confirmedAt) && (
                  <Typography.Text type="success">
                    <CheckCircleFilled aria-hidden /> {t('inspection.panel.signed')}
                  </Typography.Text>
                )}
              </Space>
            }
            description={
              inspection.findings ?? inspection.statusReason ?? inspection.inspectors.map((inspector) => inspector.displayName).join('、')
            }
          />
        </List.Item>
      )}
    />
  );
}
