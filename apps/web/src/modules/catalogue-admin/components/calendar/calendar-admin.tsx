import { CalendarOutlined, EditOutlined } from '@ant-design/icons';
import type { CalendarYear } from '@yuanqu/shared';
import { Alert, Button, Card, Empty, Segmented, Skeleton, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../../app/i18n/format';
import { usePreferences } from '../../../../app/preferences';
import { ErrorAlert } from '../../../../ui/error-alert';
import { groupHolidays, type HolidayGroup } from '../../calendar-notice';
import { useCalendarYears } from '../../hooks/use-calendar-years';
import { LoadYearDrawer } from './load-year-drawer';
import { chinaToday, YearCalendar } from './year-calendar';

/** `2026-02-15` → `2月15日` / `15 Feb`. */
function useShortDate() {
  const { language } = usePreferences();
  return (date: string) =>
    new Intl.DateTimeFormat(language, { month: 'short', day: 'numeric', timeZone: 'UTC' }).format(new Date(`${date}T00:00:00Z`));
}

function HolidayTable({ year }: { year: CalendarYear }) {
  const { t } = useTranslation();
  const { language } = usePreferences();
  const shortDate = useShortDate();
  const groups = groupHolidays(year.holidays, year.makeUpWorkdays);
  return (
    <Table<HolidayGroup>
      size="small"
      rowKey="nameZh"
      pagination={false}
      dataSource={groups}
      aria-label={t('catalogueAdmin.calendar.holidaysOf', { year: year.year })}
      columns={[
        {
          title: t('catalogueAdmin.calendar.holiday'),
          key: 'name',
          render: (_, group) => (language === 'zh-CN' ? group.nameZh : (group.nameEn ?? group.nameZh)),
        },
        {
          title: t('catalogueAdmin.calendar.daysOff'),
          key: 'ranges',
          render: (_, group) =>
            group.ranges
              .map((range) => (range.from === range.to ? shortDate(range.from) : `${shortDate(range.from)} – ${shortDate(range.to)}`))
              .join('，') + ` · ${t('catalogueAdmin.calendar.dayCount', { n: group.dayCount })}`,
        },
        {
          title: t('catalogueAdmin.calendar.makeUpDays'),
          key: 'makeUp',
          render: (_, group) =>
            group.makeUpDays.length === 0 ? (
              <Typography.Text type="secondary">—</Typography.Text>
            ) : (
              <Space size={[4, 4]} wrap>
                {group.makeUpDays.map((date) => (
                  <Tag key={date} color="blue" bordered={false}>
                    {shortDate(date)}
                  </Tag>
                ))}
              </Space>
            ),
        },
      ]}
    />
  );
}

/**
 * 工作日历: the loaded years on a calendar, a warning when next year is missing (cases accepted in
 * late December count into it), and loading a year's official schedule.
 */
export function CalendarAdmin() {
  const { t, i18n } = useTranslation();
  const years = useCalendarYears();
  const thisYear = Number(chinaToday().slice(0, 4));
  const nextYear = thisYear + 1;
  const [selected, setSelected] = useState<number | null>(null);
  const [drawer, setDrawer] = useState<{ year: number; existing: CalendarYear | null } | null>(null);

  if (years.isPending) return <Skeleton active paragraph={{ rows: 12 }} />;
  if (years.isError) return <ErrorAlert error={years.error} />;

  const loaded = [...years.data].sort((left, right) => left.year - right.year);
  const loadedYears = loaded.map((year) => year.year);
  const shown = loaded.find((year) => year.year === (selected ?? thisYear)) ?? loaded.at(-1) ?? null;
  const openLoad = (year: number) => setDrawer({ year, existing: loaded.find((entry) => entry.year === year) ?? null });

  return (
    <>
      {!loadedYears.includes(thisYear) && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 16 }}
          message={t('catalogueAdmin.calendar.missingThisYear', { year: thisYear })}
          description={t('catalogueAdmin.calendar.missingThisYearText')}
          action={
            <Button danger onClick={() => openLoad(thisYear)}>
              {t('catalogueAdmin.calendar.loadYear', { year: thisYear })}
            </Button>
          }
        />
      )}
      {!loadedYears.includes(nextYear) && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          message={t('catalogueAdmin.calendar.missingNextYear', { year: nextYear })}
          description={t('catalogueAdmin.calendar.missingNextYearText', { year: nextYear })}
          action={
            <Button type="primary" onClick={() => openLoad(nextYear)}>
              {t('catalogueAdmin.calendar.loadYear', { year: nextYear })}
            </Button>
          }
        />
      )}
      <Card
        title={
          <Space wrap>
            <CalendarOutlined aria-hidden />
            {loaded.length > 0 ? (
              <Segmented<number>
                aria-label={t('catalogueAdmin.calendar.yearPicker')}
                value={shown?.year ?? thisYear}
                onChange={setSelected}
                options={loaded.map((year) => ({ value: year.year, label: String(year.year) }))}
              />
            ) : (
              t('catalogueAdmin.calendar.noYears')
            )}
          </Space>
        }
        extra={
          <Space wrap>
            {shown && (
              <Button icon={<EditOutlined />} onClick={() => openLoad(shown.year)}>
                {t('catalogueAdmin.calendar.editYear', { year: shown.year })}
              </Button>
            )}
            <Button type="primary" onClick={() => openLoad(loadedYears.includes(nextYear) ? Math.max(...loadedYears) + 1 : nextYear)}>
              {t('catalogueAdmin.calendar.loadNew')}
            </Button>
          </Space>
        }
      >
        {shown ? (
          <>
            <Typography.Paragraph type="secondary">
              {t('catalogueAdmin.calendar.sourceLine', { source: shown.source, time: formatDateTime(shown.loadedAt, i18n.language) })}
            </Typography.Paragraph>
            <Space size="large" wrap style={{ marginBottom: 12 }}>
              <span className="calendar-legend">
                <span className="calendar-legend-swatch" style={{ background: '#fff1f0', border: '1px solid #ffa39e' }} />
                {t('catalogueAdmin.calendar.legendHoliday')}
              </span>
              <span className="calendar-legend">
                <span className="calendar-legend-swatch" style={{ background: '#e6f4ff', border: '1px solid #91caff' }} />
                {t('catalogueAdmin.calendar.legendWorkday')}
              </span>
              <span className="calendar-legend">
                <span className="calendar-legend-swatch" style={{ background: '#fff', border: '1px solid #d9d9d9' }} />
                <Typography.Text type="secondary">{t('catalogueAdmin.calendar.legendWeekend')}</Typography.Text>
              </span>
            </Space>
            <HolidayTable year={shown} />
            <div style={{ marginTop: 16 }}>
              <YearCalendar year={shown} />
            </div>
          </>
        ) : (
          <Empty description={t('catalogueAdmin.calendar.noYears')} />
        )}
      </Card>
      <LoadYearDrawer
        open={drawer !== null}
        initialYear={drawer?.year ?? nextYear}
        existing={drawer?.existing ?? null}
        loadedYears={loadedYears}
        onClose={() => setDrawer(null)}
      />
    </>
  );
}
