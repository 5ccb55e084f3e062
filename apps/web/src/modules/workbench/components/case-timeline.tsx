import type { CaseEvent, CaseStatus, ServiceItem } from '@yuanqu/shared';
import { Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../app/i18n/format';
import { formatDay } from '../format';
import { useTargetName } from './case-correction-notice';
import { CaseStatusTag } from './case-status-tag';
import '../workbench.css';

const EVENT_COLORS: Record<string, string> = {
  refused: 'red',
  withdrawn: 'gray',
  correction_requested: 'orange',
  suspended: 'gold',
  concluded: 'green',
  delivered: 'green',
  draft_created: 'gray',
};

function stringOf(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

/** What an event's details add, in words: due date, deficiencies, decision, delivery, inspection result. */
function EventDetails({ event, item }: { event: CaseEvent; item: ServiceItem | undefined }) {
  const { t, i18n } = useTranslation();
  const targetName = useTargetName(item);
  const lines: string[] = [];
  const dueOn = stringOf(event.details.dueOn);
  if (event.action === 'accepted' && dueOn)
    lines.push(t('workbench.case.timeline.details.dueOn', { date: formatDay(dueOn, i18n.language) }));
  const decision = stringOf(event.details.decision);
  if (decision === 'approved' || decision === 'denied')
    lines.push(t('workbench.case.timeline.details.decision', { decision: t(`workbench.case.result.decisions.${decision}`) }));
  const method = stringOf(event.details.method);
  if (method === 'pickup' || method === 'post' || method === 'electronic')
    lines.push(t('workbench.case.timeline.details.delivery', { method: t(`workbench.case.deliverForm.methods.${method}`) }));
  const trackingNumber = stringOf(event.details.trackingNumber);
  if (trackingNumber) lines.push(t('workbench.case.timeline.details.trackingNumber', { number: trackingNumber }));
  const result = stringOf(event.details.result);
  if (result === 'passed' || result === 'needs_rectification' || result === 'failed') {
    lines.push(t('workbench.case.timeline.details.inspection', { result: t(`workbench.case.inspectionForm.results.${result}`) }));
  }
  const deficiencies = Array.isArray(event.details.deficiencies)
    ? event.details.deficiencies.flatMap((entry: unknown) => {
        if (typeof entry !== 'object' || entry === null) return [];
        const { target, reason } = entry as { target?: unknown; reason?: unknown };
        return typeof target === 'string' ? [{ target, reason: typeof reason === 'string' ? reason : '' }] : [];
      })
    : [];
  return (
    <>
      {lines.map((line) => (
        <Typography.Text key={line} type="secondary" className="case-event-meta">
          {line}
        </Typography.Text>
      ))}
      {deficiencies.length > 0 && (
        <>
          <Typography.Text type="secondary" className="case-event-meta">
            {t('workbench.case.timeline.details.deficiencies', { count: deficiencies.length })}
          </Typography.Text>
          <ol className="case-event-list">
            {deficiencies.map((deficiency) => (
              <li key={deficiency.target}>
                {targetName(deficiency.target)}：{deficiency.reason}
              </li>
            ))}
          </ol>
        </>
      )}
    </>
  );
}

/** 办理过程: every step with who took it, when, why, and the state it led to; newest last. */
export function CaseTimeline({ events, item }: { events: CaseEvent[]; item: ServiceItem | undefined }) {
  const { t, i18n } = useTranslation();
  if (events.length === 0) return <Typography.Text type="secondary">{t('workbench.case.timeline.empty')}</Typography.Text>;
  return (
    <Timeline
      className="case-timeline"
      items={events.map((event, index) => ({
        key: `${event.at}-${index}`,
        color: EVENT_COLORS[event.action] ?? 'blue',
        children: (
          <div className="case-event" data-action={event.action}>
            <div>
              <span className="case-event-title">
                {t(`workbench.case.timeline.events.${event.action}`, { defaultValue: event.action })}
              </span>
              {event.toStatus && event.toStatus !== event.fromStatus && (
                <span style={{ marginInlineStart: 8 }}>
                  <CaseStatusTag status={event.toStatus as CaseStatus} />
                </span>
              )}
            </div>
            <Typography.Text type="secondary" className="case-event-meta">
              {event.actorName ?? t('workbench.case.timeline.system')} · {formatDateTime(event.at, i18n.language)}
            </Typography.Text>
            {event.reason && <div className="case-event-reason">{event.reason}</div>}
            <EventDetails event={event} item={item} />
          </div>
        ),
      }))}
    />
  );
}
