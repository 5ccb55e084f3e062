import { FilePdfOutlined, PlayCircleOutlined, VideoCameraOutlined } from '@ant-design/icons';
import { ProTable, type ProColumns, type ProTableProps } from '@ant-design/pro-components';
import type { Inspection } from '@yuanqu/shared';
import { Button, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { usePreferences } from '../../../app/preferences';
import { buildFileUrl } from '../api';
import { isOpenInspection } from '../status';
import { formatClock, formatShortSlot, toChinaDateAndTime } from '../schedule';
import { InspectionResultTag, InspectionStatusTag, LocationVerdictTag } from './inspection-tags';
import '../inspection.css';

export type InspectionListTab = 'upcoming' | 'past' | 'toBook';

/** The tabs above the room's tables, shared by the inspections' and the to-book table. */
export type ListToolbar = ProTableProps<never, never>['toolbar'];

/**
 * The inspection room's list: time (China time), the case and item, the applicant, the two
 * inspectors, state, the location check and the result, with the way into the room or the replay.
 */
export function InspectionsTable({
  tab,
  inspections,
  isLoading,
  canEnterRoom,
  onReload,
  toolbar,
}: {
  tab: 'upcoming' | 'past';
  inspections: Inspection[];
  isLoading: boolean;
  canEnterRoom: boolean;
  onReload: () => void;
  toolbar: ListToolbar;
}) {
  const { t } = useTranslation();
  const { language } = usePreferences();
  const today = toChinaDateAndTime(new Date()).date;
  const name = (value: { nameZh: string; nameEn: string }) => (language === 'zh-CN' ? value.nameZh : value.nameEn);

  const columns: Array<ProColumns<Inspection>> = [
    {
      title: t('inspection.list.columns.time'),
      key: 'time',
      width: 190,
      render: (_, row) => (
        <Space size={6} wrap>
          <span className="nowrap">
            {toChinaDateAndTime(row.slotStart).date === today
              ? `${t('inspection.list.today')} ${formatClock(row.slotStart)}`
              : formatShortSlot(row.slotStart, language)}
          </span>
          {toChinaDateAndTime(row.slotStart).date === today && tab === 'upcoming' && (
            <Tag color="blue" bordered={false}>
              {t('inspection.list.today')}
            </Tag>
          )}
        </Space>
      ),
    },
    {
      title: t('inspection.list.columns.case'),
      key: 'case',
      render: (_, row) => (
        <>
          <Link to={`/cases/${row.caseId}`}>{row.caseNumber ?? '—'}</Link>
          <Typography.Text type="secondary" className="inspection-list-secondary">
            {name(row.serviceItem)}
          </Typography.Text>
        </>
      ),
    },
    { title: t('inspection.list.columns.enterprise'), key: 'enterprise', render: (_, row) => row.enterpriseName ?? '—' },
    {
      title: t('inspection.list.columns.inspectors'),
      key: 'inspectors',
      render: (_, row) => row.inspectors.map((inspector) => inspector.displayName).join('、'),
    },
    {
      title: t('inspection.list.columns.status'),
      key: 'status',
      width: 110,
      render: (_, row) => <InspectionStatusTag status={row.status} />,
    },
    {
      title: t('inspection.list.columns.location'),
      key: 'location',
      width: 150,
      render: (_, row) => <LocationVerdictTag verdict={row.location.verdict} distanceMeters={row.location.distanceMeters} />,
    },
    ...(tab === 'past'
      ? [
          {
            title: t('inspection.list.columns.result'),
            key: 'result',
            width: 110,
            render: (_: unknown, row: Inspection) => (row.result ? <InspectionResultTag result={row.result} /> : '—'),
          },
        ]
      : []),
    {
      title: t('inspection.list.columns.actions'),
      key: 'actions',
      width: 200,
      render: (_, row) => (
        <Space size={4} wrap>
          {canEnterRoom && isOpenInspection(row) && (
            <Link to={`/inspections/${row.id}/live`}>
              <Button size="small" type={row.status === 'live' ? 'primary' : 'default'} icon={<VideoCameraOutlined aria-hidden />}>
                {t('inspection.panel.enterRoom')}
              </Button>
            </Link>
          )}
          {row.status === 'concluded' && (
            <Link to={`/inspections/${row.id}/replay`}>
              <Button size="small" type="link" icon={<PlayCircleOutlined aria-hidden />}>
                {t('inspection.panel.replay')}
              </Button>
            </Link>
          )}
          {row.record && (
            <Button
              size="small"
              type="link"
              href={buildFileUrl(row.record.fileId)}
              target="_blank"
              rel="noopener noreferrer"
              icon={<FilePdfOutlined aria-hidden />}
            >
              {t('inspection.panel.record')}
            </Button>
          )}
        </Space>
      ),
    },
  ];

  return (
    <ProTable<Inspection>
      rowKey="id"
      columns={columns}
      dataSource={inspections}
      loading={isLoading}
      search={false}
      cardBordered
      options={{ reload: onReload, density: false, setting: false }}
      pagination={{ pageSize: 20, hideOnSinglePage: true }}
      locale={{ emptyText: t(`inspection.list.empty.${tab}`) }}
      toolbar={toolbar}
    />
  );
}
