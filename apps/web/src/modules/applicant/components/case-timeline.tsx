import type { CaseEvent } from '@yuanqu/shared';
import { Timeline } from 'antd';
import { useTranslation } from 'react-i18next';
import { describeEvent } from '../case-story';
import { formatMoment, formatShortDay } from '../dates';

/** The case's steps in plain words, newest first: what happened, when, who, and why. */
export function CaseTimeline({ events }: { events: readonly CaseEvent[] }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const steps = [...events].reverse();

  const sentence = (event: CaseEvent): string => {
    const step = describeEvent(event);
    const params = step.params;
    switch (step.key) {
      case 'accepted':
        return t('applicant.timeline.accepted', { count: Number(params.limit) });
      case 'acceptedWithDue':
        return t('applicant.timeline.acceptedWithDue', {
          count: Number(params.limit),
          date: formatShortDay(String(params.dueOn), language),
        });
      case 'correctionRequested':
        return t('applicant.timeline.correctionRequested', { count: Number(params.count) });
      case 'inspectionCompleted':
        return t('applicant.timeline.inspectionCompleted', {
          result: t(`applicant.timeline.inspectionResults.${String(params.result)}`, { defaultValue: String(params.result) }),
        });
      case 'delivered':
      case 'deliveredWithTracking':
        return t(`applicant.timeline.${step.key}`, {
          ...params,
          method: t(`applicant.case.deliveryMethods.${String(params.method)}`, { defaultValue: String(params.method) }),
        });
      case 'moved':
        return t('applicant.timeline.moved', {
          status: t(`applicant.status.${String(params.status)}`, { defaultValue: String(params.status) }),
        });
      default:
        return t(`applicant.timeline.${step.key}`, params);
    }
  };

  return (
    <Timeline
      className="case-timeline"
      items={steps.map((event, index) => {
        const step = describeEvent(event);
        return {
          key: `${event.at}-${index}`,
          color: step.tone,
          children: (
            <div>
              <div className="case-timeline-text">{sentence(event)}</div>
              <div className="case-timeline-meta">
                {formatMoment(event.at, language)}
                {!step.isOwn && event.actorName ? ` · ${t('applicant.timeline.by', { name: event.actorName })}` : ''}
              </div>
              {step.reason && <div className="case-timeline-reason">{step.reason}</div>}
            </div>
          ),
        };
      })}
    />
  );
}
