import { CalendarOutlined } from '@ant-design/icons';
import { ProTable, type ProColumns } from '@ant-design/pro-components';
import type { CaseSummary } from '@yuanqu/shared';
import { Button, Drawer, Skeleton, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { usePreferences } from '../../../app/preferences';
import { ErrorAlert } from '../../../ui/error-alert';
import { useCaseForBooking } from '../hooks/use-inspections';
import { InspectionPanel } from './inspection-panel';
import type { ListToolbar } from './inspections-table';

/**
 * 待预约: cases at the inspection step with no inspection booked yet, earliest due first; booking
 * opens the same panel the case page has, in a drawer.
 */
export function CasesToBookTable({
  cases,
  isLoading,
  onReload,
  toolbar,
}: {
  cases: CaseSummary[];
  isLoading: boolean;
  onReload: () => void;
  toolbar: ListToolbar;
}) {
  const { t } = useTranslation();
  const { language } = usePreferences();
  // The case stays named in the drawer after booking takes it off this list.
  const [booking, setBooking] = useState<CaseSummary | null>(null);
  const name = (value: { nameZh: string; nameEn: string }) => (language === 'zh-CN' ? value.nameZh : value.nameEn);

  const columns: Array<ProColumns<CaseSummary>> = [
    {
      title: t('inspection.list.columns.case'),
      key: 'case',
      render: (_, row) => <Link to={`/cases/${row.id}`}>{row.number ?? '—'}</Link>,
    },
    { title: t('inspection.list.columns.item'), key: 'item', render: (_, row) => name(row.serviceItem) },
    { title: t('inspection.list.columns.enterprise'), key: 'enterprise', render: (_, row) => row.enterpriseName ?? row.applicantName },
    {
      title: t('inspection.list.columns.due'),
      key: 'due',
      width: 200,
      render: (_, row) =>
        row.clock.dueOn ? (
          <>
            <span>{row.clock.dueOn}</span>
            {row.clock.remainingDays !== null && (
              <Typography.Text
                type={row.clock.light === 'red' ? 'danger' : row.clock.light === 'yellow' ? 'warning' : 'secondary'}
                className="inspection-list-secondary"
              >
                {t('inspection.list.remaining', { count: row.clock.remainingDays })}
              </Typography.Text>
            )}
          </>
        ) : (
          '—'
        ),
    },
    {
      title: t('inspection.list.columns.actions'),
      key: 'actions',
      width: 140,
      render: (_, row) => (
        <Button size="small" type="primary" icon={<CalendarOutlined aria-hidden />} onClick={() => setBooking(row)}>
          {t('inspection.list.book')}
        </Button>
      ),
    },
  ];

  return (
    <>
      <ProTable<CaseSummary>
        rowKey="id"
        columns={columns}
        dataSource={cases}
        loading={isLoading}
        search={false}
        cardBordered
        options={{ reload: onReload, density: false, setting: false }}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText: t('inspection.list.empty.toBook') }}
        toolbar={toolbar}
      />
      <Drawer
        open={booking !== null}
        width={720}
        title={booking?.number ? `${t('inspection.book.title')} · ${booking.number}` : t('inspection.book.title')}
        onClose={() => setBooking(null)}
        destroyOnHidden
      >
        {booking && <BookingDrawerBody caseId={booking.id} />}
      </Drawer>
    </>
  );
}

function BookingDrawerBody({ caseId }: { caseId: string }) {
  const detail = useCaseForBooking(caseId);
  if (detail.isLoading) return <Skeleton active />;
  if (!detail.data) return <ErrorAlert error={detail.error} />;
  return <InspectionPanel detail={detail.data} isPlain />;
}
