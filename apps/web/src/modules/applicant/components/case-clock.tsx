import type { CaseClock as Clock, CaseStatus } from '@yuanqu/shared';
import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { clockNeverStartedReason, FINISHED } from '../case-story';
import { formatShortDay } from '../dates';

type Light = 'green' | 'yellow' | 'red' | 'unknown' | 'idle';

/** What the working-day clock says, in a few words, and the light that goes with it; null when no clock applies. */
export function useClockReading(clock: Clock, status: CaseStatus): { light: Light; text: string; detail: string | null } | null {
  const { t, i18n } = useTranslation();
  if (clock.light === 'unknown' && clock.missingCalendarYear) {
    return { light: 'unknown', text: t('applicant.clock.missingCalendar', { year: clock.missingCalendarYear }), detail: null };
  }
  if (!clock.acceptedOn) {
    if (FINISHED.includes(status)) return null;
    return { light: 'idle', text: t('applicant.clock.notStarted', { count: clock.limitDays }), detail: null };
  }
  if (FINISHED.includes(status)) {
    return { light: 'idle', text: t('applicant.clock.finished', { used: clock.usedDays, limit: clock.limitDays }), detail: null };
  }
  const due = clock.dueOn ? t('applicant.clock.dueOn', { date: formatShortDay(clock.dueOn, i18n.language) }) : null;
  const left =
    clock.remainingDays < 0
      ? t('applicant.clock.overdue', { count: -clock.remainingDays })
      : clock.remainingDays === 0
        ? t('applicant.clock.dueToday')
        : t('applicant.clock.left', { count: clock.remainingDays });
  if (clock.isPaused)
    return { light: clock.light, text: `${t('applicant.clock.paused')} · ${left}`, detail: t('applicant.clock.pausedNote') };
  return { light: clock.light, text: left, detail: due };
}

/** The clock in one line, for a case card. */
export function ClockLine({ clock, status }: { clock: Clock; status: CaseStatus }) {
  const reading = useClockReading(clock, status);
  if (!reading) return null;
  return (
    <span className={`clock-line clock-line-${reading.light}`}>
      <span className="clock-line-dot" aria-hidden />
      <span>
        {reading.text}
        {reading.detail && !clock.isPaused ? <span className="applicant-muted"> · {reading.detail}</span> : null}
      </span>
    </span>
  );
}

/** The clock of one case: the light, the due date and the figures. */
export function ClockPanel({ clock, status }: { clock: Clock; status: CaseStatus }) {
  const { t, i18n } = useTranslation();
  const reading = useClockReading(clock, status);
  if (!reading) {
    // Refused or withdrawn before acceptance: say why there is no clock, rather than show an empty card.
    const reason = clockNeverStartedReason(clock, status);
    return reason ? (
      <div className="clock-line clock-line-idle" style={{ fontWeight: 600 }}>
        <span className="clock-line-dot" aria-hidden />
        <span>{t(`applicant.clock.neverStarted.${reason}`)}</span>
      </div>
    ) : null;
  }
  const isCounting = !!clock.acceptedOn && clock.light !== 'unknown';
  const figures: Array<[string, string]> = [
    [t('applicant.clock.limit'), t('applicant.workingDays', { count: clock.limitDays })],
    [t('applicant.clock.due'), clock.dueOn ? formatShortDay(clock.dueOn, i18n.language) : '—'],
    [
      t('applicant.clock.remaining'),
      isCounting && !FINISHED.includes(status) ? t('applicant.workingDays', { count: Math.max(clock.remainingDays, 0) }) : '—',
    ],
  ];
  return (
    <div>
      <div className={`clock-line clock-line-${reading.light}`} style={{ fontSize: '1.1em', fontWeight: 600 }}>
        <span className="clock-line-dot" aria-hidden />
        <span>{reading.text}</span>
      </div>
      {reading.detail && (
        <Typography.Paragraph type="secondary" style={{ margin: '6px 0 0' }}>
          {reading.detail}
        </Typography.Paragraph>
      )}
      {clock.acceptedOn && (
        <dl className="clock-figures" style={{ margin: '12px 0 0' }}>
          {figures.map(([label, value]) => (
            <div key={label} className="item-limit">
              <dt className="item-limit-label">{label}</dt>
              <dd className="item-limit-value" style={{ margin: 0, fontSize: '1em' }}>
                {value}
              </dd>
            </div>
          ))}
        </dl>
      )}
    </div>
  );
}
