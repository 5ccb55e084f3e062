import type { CaseClock, CaseStatus } from '@yuanqu/shared';
import { Progress, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatDay } from '../format';
import '../workbench.css';

const FINISHED: readonly CaseStatus[] = ['concluded', 'delivered', 'refused', 'withdrawn'];

type LightKind = 'green' | 'yellow' | 'red' | 'unknown' | 'idle';

/** What the clock says in a few words, and which light goes with it. */
export function useClockReading(clock: CaseClock, status: CaseStatus): { kind: LightKind; text: string; detail: string } {
  const { t } = useTranslation();
  const lightName = (light: CaseClock['light']) => t(`workbench.clock.lights.${light}`);
  if (clock.light === 'unknown') {
    const text = t('workbench.clock.missingCalendar', { year: clock.missingCalendarYear ?? '' });
    return { kind: 'unknown', text, detail: t('workbench.clock.missingCalendarNote', { year: clock.missingCalendarYear ?? '' }) };
  }
  if (!clock.acceptedOn) {
    if (FINISHED.includes(status))
      return { kind: 'idle', text: t('workbench.clock.notCounted'), detail: t('workbench.clock.notCountedNote') };
    return { kind: 'idle', text: t('workbench.clock.notStarted'), detail: t('workbench.clock.notStartedNote', { count: clock.limitDays }) };
  }
  if (FINISHED.includes(status)) {
    return {
      kind: clock.light,
      text: t('workbench.clock.finished', { used: clock.usedDays, limit: clock.limitDays }),
      detail: lightName(clock.light),
    };
  }
  const base =
    clock.remainingDays < 0
      ? t('workbench.clock.overdue', { count: -clock.remainingDays })
      : clock.remainingDays === 0
        ? t('workbench.clock.dueToday')
        : t('workbench.clock.left', { count: clock.remainingDays });
  if (clock.isPaused)
    return { kind: clock.light, text: t('workbench.clock.paused', { clock: base }), detail: t('workbench.clock.pausedNote') };
  return { kind: clock.light, text: base, detail: lightName(clock.light) };
}

/** The working-day clock as a coloured light with a short text; the tooltip explains it. */
export function CaseClockLight({ clock, status, size = 'default' }: { clock: CaseClock; status: CaseStatus; size?: 'default' | 'large' }) {
  const reading = useClockReading(clock, status);
  const textClass =
    reading.kind === 'red' || reading.kind === 'yellow' || reading.kind === 'unknown' ? `clock-light-text-${reading.kind}` : '';
  return (
    <Tooltip title={reading.detail}>
      <span className={`clock-light${size === 'large' ? ' clock-light-large' : ''}`} data-light={reading.kind}>
        <span className={`clock-dot clock-dot-${reading.kind}${clock.isPaused ? ' clock-dot-paused' : ''}`} aria-hidden />
        <span className={textClass}>{reading.text}</span>
      </span>
    </Tooltip>
  );
}

const PROGRESS_COLORS: Record<LightKind, string> = {
  green: '#2fa84f',
  yellow: '#f5a623',
  red: '#e0282e',
  unknown: '#bfbfbf',
  idle: '#bfbfbf',
};

/** The clock of one case in full: light, limit, acceptance and due dates, days used and left. */
export function ClockPanel({ clock, status }: { clock: CaseClock; status: CaseStatus }) {
  const { t, i18n } = useTranslation();
  const reading = useClockReading(clock, status);
  const percent = clock.limitDays > 0 ? Math.min(100, Math.round((Math.max(clock.usedDays, 0) / clock.limitDays) * 100)) : 0;
  const days = (count: number) => t('workbench.clock.days', { count });
  const facts: Array<[string, string]> = [
    [t('workbench.clock.limit'), days(clock.limitDays)],
    [t('workbench.clock.acceptedOn'), clock.acceptedOn ? formatDay(clock.acceptedOn, i18n.language) : '—'],
    [t('workbench.clock.dueOn'), clock.dueOn ? formatDay(clock.dueOn, i18n.language) : '—'],
    [t('workbench.clock.used'), clock.acceptedOn && clock.light !== 'unknown' ? days(clock.usedDays) : '—'],
    [t('workbench.clock.remaining'), clock.acceptedOn && clock.light !== 'unknown' ? days(clock.remainingDays) : '—'],
  ];
  return (
    <section className="clock-panel" aria-label={t('workbench.clock.title')}>
      <div className="clock-panel-headline">
        <CaseClockLight clock={clock} status={status} size="large" />
        <Typography.Text type="secondary">{reading.detail}</Typography.Text>
        {clock.acceptedOn && clock.light !== 'unknown' && (
          <Progress percent={percent} showInfo={false} strokeColor={PROGRESS_COLORS[reading.kind]} size="small" aria-hidden />
        )}
      </div>
      <dl className="clock-panel-facts" style={{ margin: 0 }}>
        {facts.map(([label, value]) => (
          <div key={label}>
            <dt className="clock-fact-label">{label}</dt>
            <dd className="clock-fact-value" style={{ margin: 0 }}>
              {value}
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
