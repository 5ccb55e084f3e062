import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { MIN_HOLIDAYS_PER_YEAR, type CalendarDay, type CalendarYear, type CalendarYearBody } from '@yuanqu/shared';
import { Alert, App, Button, Card, DatePicker, Drawer, Form, Input, InputNumber, Popconfirm, Select, Space, Table, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../../app/http';
import { ErrorAlert } from '../../../../ui/error-alert';
import { englishHolidayName, parseStateCouncilNotice, type CalendarDayKind } from '../../calendar-notice';
import { useLoadCalendarYear } from '../../hooks/use-calendar-years';
import { useReasonText } from '../../hooks/use-reason-text';
import { useUnsavedChangesGuard } from '../../hooks/use-unsaved-changes-guard';

interface DayRow {
  id: number;
  date: string;
  kind: CalendarDayKind;
  nameZh: string;
  nameEn: string;
}

let nextRowId = 1;

function rowsOf(year: CalendarYear | null): DayRow[] {
  if (!year) return [];
  const toRow =
    (kind: CalendarDayKind) =>
    (day: CalendarDay): DayRow => ({ id: nextRowId++, date: day.date, kind, nameZh: day.nameZh, nameEn: day.nameEn ?? '' });
  return [...year.holidays.map(toRow('holiday')), ...year.makeUpWorkdays.map(toRow('make_up_workday'))].sort((left, right) =>
    left.date.localeCompare(right.date),
  );
}

function isWeekend(date: string): boolean {
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return weekday === 0 || weekday === 6;
}

/** What the admin has entered, to compare with what the drawer opened with (row ids left out). */
function entryOf(year: number, source: string, notice: string, rows: DayRow[]): string {
  return JSON.stringify([
    year,
    source.trim(),
    notice.trim(),
    rows.map((row) => [row.date, row.kind, row.nameZh.trim(), row.nameEn.trim()]),
  ]);
}

/** What is wrong with a row before the server is asked, or null. */
function rowProblem(row: DayRow, year: number, rows: DayRow[]): string | null {
  if (!row.date) return 'required';
  if (Number(row.date.slice(0, 4)) !== year) return 'other_year';
  if (rows.some((other) => other.id !== row.id && other.date === row.date)) return 'duplicate';
  if (row.kind === 'make_up_workday' && !isWeekend(row.date)) return 'not_weekend';
  if (!row.nameZh.trim()) return 'name_required';
  return null;
}

/**
 * 载入年度安排: a year's holidays and make-up working days, entered by hand or read from the State
 * Council notice's text, checked by the admin, then saved in one go (replacing that year).
 */
export function LoadYearDrawer({
  open,
  initialYear,
  existing,
  loadedYears,
  onClose,
}: {
  open: boolean;
  initialYear: number;
  /** The year's schedule when it is loaded already (it is then replaced). */
  existing: CalendarYear | null;
  loadedYears: number[];
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const reasonText = useReasonText();
  const loadYear = useLoadCalendarYear();
  const [year, setYear] = useState(initialYear);
  const [source, setSource] = useState('');
  const [notice, setNotice] = useState('');
  const [rows, setRows] = useState<DayRow[]>([]);
  const [parseNote, setParseNote] = useState<string | null>(null);
  const [serverProblems, setServerProblems] = useState<Map<number, string>>(new Map());
  const [saveError, setSaveError] = useState<unknown>(null);
  const [isChecked, setChecked] = useState(false);

  const openedWith = useRef('');
  useEffect(() => {
    if (!open) return;
    const openingRows = rowsOf(existing);
    openedWith.current = entryOf(initialYear, existing?.source ?? '', '', openingRows);
    setYear(initialYear);
    setSource(existing?.source ?? '');
    setNotice('');
    setRows(openingRows);
    setParseNote(null);
    setServerProblems(new Map());
    setSaveError(null);
    setChecked(false);
    loadYear.reset();
    // Only when the drawer opens: later changes are the admin’s own.
  }, [open]);

  // A pasted notice, a typed source or day is not dropped by Esc, a click beside the drawer or Cancel without asking.
  const { confirmDiscard } = useUnsavedChangesGuard(() => open && entryOf(year, source, notice, rows) !== openedWith.current);
  const close = () => confirmDiscard(onClose);

  const problems = useMemo(() => new Map(rows.map((row) => [row.id, rowProblem(row, year, rows)])), [rows, year]);
  const holidayCount = rows.filter((row) => row.kind === 'holiday').length;
  const workdayCount = rows.length - holidayCount;
  const isReplacing = loadedYears.includes(year);

  const updateRow = (id: number, changes: Partial<DayRow>) => {
    setRows((current) => current.map((row) => (row.id === id ? { ...row, ...changes } : row)));
    setServerProblems((current) => {
      const next = new Map(current);
      next.delete(id);
      return next;
    });
  };

  const readNotice = () => {
    const parsed = parseStateCouncilNotice(notice, year);
    if (parsed.days.length === 0) {
      setParseNote(t('catalogueAdmin.calendar.parseNothing'));
      return;
    }
    setRows(parsed.days.map((day) => ({ id: nextRowId++, date: day.date, kind: day.kind, nameZh: day.nameZh, nameEn: day.nameEn ?? '' })));
    if (parsed.source && !source.trim()) setSource(parsed.source);
    const holidays = parsed.days.filter((day) => day.kind === 'holiday').length;
    setParseNote(
      [
        t('catalogueAdmin.calendar.parsed', { holidays, workdays: parsed.days.length - holidays }),
        parsed.otherYearDates.length > 0 ? t('catalogueAdmin.calendar.parsedOtherYear', { dates: parsed.otherYearDates.join('、') }) : '',
      ]
        .filter(Boolean)
        .join(' '),
    );
  };

  const save = async () => {
    setChecked(true);
    setSaveError(null);
    if (!source.trim() || [...problems.values()].some((problem) => problem !== null) || holidayCount < MIN_HOLIDAYS_PER_YEAR) return;
    const sorted = [...rows].sort((left, right) => left.date.localeCompare(right.date));
    const holidays = sorted.filter((row) => row.kind === 'holiday');
    const workdays = sorted.filter((row) => row.kind === 'make_up_workday');
    const toDay = (row: DayRow): CalendarDay => ({
      date: row.date,
      nameZh: row.nameZh.trim(),
      ...(row.nameEn.trim() ? { nameEn: row.nameEn.trim() } : {}),
    });
    const body: CalendarYearBody = { source: source.trim(), holidays: holidays.map(toDay), makeUpWorkdays: workdays.map(toDay) };
    try {
      await loadYear.mutateAsync({ year, body });
      void message.success(t('catalogueAdmin.calendar.loaded', { year }));
      onClose();
    } catch (error) {
      setSaveError(error);
      // The server names a day by its list and index: `body.makeUpWorkdays.0.date`.
      const byRow = new Map<number, string>();
      if (isApiError(error)) {
        for (const problem of error.fields) {
          const match = /^body\.(holidays|makeUpWorkdays)\.(\d+)/.exec(problem.field);
          const row = match ? (match[1] === 'holidays' ? holidays : workdays)[Number(match[2])] : undefined;
          if (row) byRow.set(row.id, problem.reason);
        }
      }
      setServerProblems(byRow);
    }
  };

  const weekdayOf = (date: string) =>
    date ? new Intl.DateTimeFormat(i18n.language, { weekday: 'short', timeZone: 'UTC' }).format(new Date(`${date}T00:00:00Z`)) : '';

  return (
    <Drawer
      // Named as the button that opened it, and following the year typed: 修改 a loaded year, 载入 a new one.
      title={t(isReplacing ? 'catalogueAdmin.calendar.editYear' : 'catalogueAdmin.calendar.loadYear', { year })}
      open={open}
      onClose={close}
      width={860}
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={close}>{t('common.cancel')}</Button>
          {isReplacing ? (
            <Popconfirm
              title={t('catalogueAdmin.calendar.confirmReplace', { year })}
              okText={t('common.ok')}
              cancelText={t('common.cancel')}
              onConfirm={() => save()}
            >
              <Button type="primary" loading={loadYear.isPending}>
                {t('catalogueAdmin.calendar.save', { year })}
              </Button>
            </Popconfirm>
          ) : (
            <Button type="primary" loading={loadYear.isPending} onClick={() => void save()}>
              {t('catalogueAdmin.calendar.save', { year })}
            </Button>
          )}
        </Space>
      }
    >
      <ErrorAlert error={saveError} />
      {isChecked && holidayCount < MIN_HOLIDAYS_PER_YEAR && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 16 }}
          message={t('catalogueAdmin.calendar.tooFewHolidays', { min: MIN_HOLIDAYS_PER_YEAR, count: holidayCount })}
        />
      )}
      <Form layout="vertical" component="div">
        <Space size="middle" align="start" wrap style={{ display: 'flex' }}>
          <Form.Item label={t('catalogueAdmin.calendar.year')} htmlFor="calendar-year" required>
            <InputNumber
              id="calendar-year"
              min={2000}
              max={2100}
              precision={0}
              value={year}
              onChange={(value) => value && setYear(value)}
              style={{ width: 120 }}
            />
          </Form.Item>
          <Form.Item
            label={t('catalogueAdmin.calendar.source')}
            htmlFor="calendar-year-source"
            required
            validateStatus={isChecked && !source.trim() ? 'error' : undefined}
            help={isChecked && !source.trim() ? t('catalogueAdmin.validation.required') : t('catalogueAdmin.calendar.sourceHelp')}
            style={{ minWidth: 420, flex: 1 }}
          >
            <Input
              id="calendar-year-source"
              value={source}
              maxLength={200}
              placeholder={t('catalogueAdmin.calendar.sourcePlaceholder', { year: year - 1 })}
              onChange={(event) => setSource(event.target.value)}
            />
          </Form.Item>
        </Space>
      </Form>

      <Card size="small" title={t('catalogueAdmin.calendar.pasteTitle')} style={{ marginBottom: 16 }}>
        <Typography.Paragraph type="secondary" style={{ fontSize: '0.9em' }}>
          {t('catalogueAdmin.calendar.pasteHint', { year })}
        </Typography.Paragraph>
        <Input.TextArea
          value={notice}
          onChange={(event) => setNotice(event.target.value)}
          autoSize={{ minRows: 4, maxRows: 10 }}
          placeholder={t('catalogueAdmin.calendar.pastePlaceholder')}
          aria-label={t('catalogueAdmin.calendar.pasteTitle')}
        />
        <Space style={{ marginTop: 8 }} wrap>
          <Button onClick={readNotice} disabled={!notice.trim()}>
            {t('catalogueAdmin.calendar.parse')}
          </Button>
          {parseNote && <Typography.Text type="secondary">{parseNote}</Typography.Text>}
        </Space>
      </Card>

      <Space style={{ display: 'flex', justifyContent: 'space-between', marginBottom: 8 }} wrap>
        <Typography.Text strong>
          {t('catalogueAdmin.calendar.daysTitle', { holidays: holidayCount, workdays: workdayCount })}
        </Typography.Text>
        <Button
          icon={<PlusOutlined />}
          onClick={() =>
            setRows((current) => [
              ...current,
              { id: nextRowId++, date: '', kind: 'holiday', nameZh: current.at(-1)?.nameZh ?? '', nameEn: current.at(-1)?.nameEn ?? '' },
            ])
          }
        >
          {t('catalogueAdmin.calendar.addDay')}
        </Button>
      </Space>
      {rows.length === 0 && <Alert type="info" showIcon message={t('catalogueAdmin.calendar.noDays')} style={{ marginBottom: 8 }} />}
      {rows.length > 0 && (
        <Table<DayRow>
          size="small"
          rowKey="id"
          dataSource={rows}
          pagination={false}
          scroll={{ y: 420 }}
          columns={[
            {
              title: t('catalogueAdmin.calendar.date'),
              key: 'date',
              width: 210,
              render: (_, row) => {
                const problem = serverProblems.get(row.id) ?? (isChecked ? problems.get(row.id) : null);
                return (
                  <>
                    <Space size={4}>
                      <DatePicker
                        value={row.date ? dayjs(row.date) : null}
                        onChange={(value) => updateRow(row.id, { date: value ? value.format('YYYY-MM-DD') : '' })}
                        allowClear={false}
                        status={problem ? 'error' : undefined}
                        aria-label={t('catalogueAdmin.calendar.date')}
                        style={{ width: 130 }}
                      />
                      <Typography.Text type="secondary">{weekdayOf(row.date)}</Typography.Text>
                    </Space>
                    {problem && <div className="ant-form-item-explain-error">{reasonText(problem)}</div>}
                  </>
                );
              },
            },
            {
              title: t('catalogueAdmin.calendar.kind'),
              key: 'kind',
              width: 150,
              render: (_, row) => (
                <Select<CalendarDayKind>
                  value={row.kind}
                  onChange={(kind) => updateRow(row.id, { kind })}
                  style={{ width: 136 }}
                  aria-label={t('catalogueAdmin.calendar.kind')}
                  options={[
                    { value: 'holiday', label: t('catalogueAdmin.calendar.kindHoliday') },
                    { value: 'make_up_workday', label: t('catalogueAdmin.calendar.kindWorkday') },
                  ]}
                />
              ),
            },
            {
              title: t('catalogueAdmin.calendar.nameZh'),
              key: 'nameZh',
              render: (_, row) => (
                <Input
                  value={row.nameZh}
                  maxLength={32}
                  aria-label={t('catalogueAdmin.calendar.nameZh')}
                  onChange={(event) => updateRow(row.id, { nameZh: event.target.value })}
                  onBlur={() => {
                    if (!row.nameEn) updateRow(row.id, { nameEn: englishHolidayName(row.nameZh.trim()) ?? '' });
                  }}
                />
              ),
            },
            {
              title: t('catalogueAdmin.calendar.nameEn'),
              key: 'nameEn',
              render: (_, row) => (
                <Input
                  value={row.nameEn}
                  maxLength={64}
                  aria-label={t('catalogueAdmin.calendar.nameEn')}
                  onChange={(event) => updateRow(row.id, { nameEn: event.target.value })}
                />
              ),
            },
            {
              key: 'remove',
              width: 48,
              render: (_, row) => (
                <Button
                  type="text"
                  danger
                  icon={<DeleteOutlined />}
                  aria-label={t('common.delete')}
                  onClick={() => setRows((current) => current.filter((entry) => entry.id !== row.id))}
                />
              ),
            },
          ]}
        />
      )}
    </Drawer>
  );
}
