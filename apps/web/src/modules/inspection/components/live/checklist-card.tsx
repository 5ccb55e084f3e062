import type { ChecklistItem, ChecklistMarkValue, LiveRecordingSegment } from '@yuanqu/shared';
import { Button, Card, Empty, Input, Progress, Radio, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { recordingPosition, type TimelineEventOf } from '../../live/live-state';
import { formatClock, formatElapsed } from '../../schedule';

const MARK_COLORS: Record<ChecklistMarkValue, string> = { ok: 'success', issue: 'error', not_applicable: 'default' };

/** Where a mark sits: on the recording's clock when it was recorded, else on the wall clock. */
export function MarkMoment({
  event,
  segments,
}: {
  event: { at: string; segment: number | null; offsetMs: number | null };
  segments: readonly LiveRecordingSegment[];
}) {
  const { t } = useTranslation();
  const position = recordingPosition(segments, event.segment, event.offsetMs);
  return (
    <Typography.Text type="secondary" className="live-mark-moment">
      {position === null
        ? t('inspection.live.checklist.notRecording', { time: formatClock(event.at) })
        : t('inspection.live.checklist.at', { time: formatElapsed(position) })}
    </Typography.Text>
  );
}

function ChecklistRow({
  item,
  mark,
  segments,
  onRecord,
  isDisabled,
}: {
  isDisabled: boolean;
  item: ChecklistItem;
  mark: TimelineEventOf<'checklist_mark'> | undefined;
  segments: readonly LiveRecordingSegment[];
  onRecord: (itemKey: string, mark: ChecklistMarkValue, note: string) => boolean;
}) {
  const { t, i18n } = useTranslation();
  const [value, setValue] = useState<ChecklistMarkValue | null>(mark?.details.mark ?? null);
  const [note, setNote] = useState(mark?.details.note ?? '');
  const isChanged = value !== null && (value !== mark?.details.mark || note !== (mark?.details.note ?? ''));
  return (
    <div className={`live-check live-check-${mark?.details.mark ?? 'none'}`}>
      <div className="live-check-head">
        <Typography.Text strong>{i18n.language === 'zh-CN' ? item.textZh : item.textEn}</Typography.Text>
        {mark && (
          <Space size={6} wrap>
            <Tag color={MARK_COLORS[mark.details.mark]} style={{ marginInlineEnd: 0 }}>
              {t(`inspection.live.checklist.marks.${mark.details.mark}`)}
            </Tag>
            <MarkMoment event={mark} segments={segments} />
            <Typography.Text type="secondary" className="live-mark-moment">
              {mark.actorName}
            </Typography.Text>
          </Space>
        )}
      </div>
      <div className="live-check-controls">
        {/* Radio buttons, not Segmented: an unmarked item must show no choice at all. */}
        <Radio.Group
          disabled={isDisabled}
          optionType="button"
          buttonStyle="solid"
          value={value}
          onChange={(event) => setValue(event.target.value as ChecklistMarkValue)}
          options={(['ok', 'issue', 'not_applicable'] as const).map((option) => ({
            value: option,
            label: t(`inspection.live.checklist.marks.${option}`),
          }))}
          aria-label={i18n.language === 'zh-CN' ? item.textZh : item.textEn}
        />
        <Input
          disabled={isDisabled}
          value={note}
          onChange={(event) => setNote(event.target.value)}
          maxLength={1000}
          placeholder={t('inspection.live.checklist.notePlaceholder')}
          aria-label={t('inspection.live.checklist.note')}
          onPressEnter={() => value && isChanged && onRecord(item.key, value, note.trim())}
        />
        <Button
          type={isChanged ? 'primary' : 'default'}
          disabled={isDisabled || !value || !isChanged}
          onClick={() => value && onRecord(item.key, value, note.trim())}
        >
          {mark && !isChanged ? t('inspection.live.checklist.recorded') : t('inspection.live.checklist.record')}
        </Button>
      </div>
    </div>
  );
}

/** 踏勘要点: each item ticked with a note, stamped by the server with the moment in the recording. */
export function ChecklistCard({
  checklist,
  marks,
  segments,
  onRecord,
  isDisabled = false,
}: {
  /** Marks go over the live session: without it they are shown, not made. */
  isDisabled?: boolean;
  checklist: ChecklistItem[];
  marks: Map<string, TimelineEventOf<'checklist_mark'>>;
  segments: readonly LiveRecordingSegment[];
  onRecord: (itemKey: string, mark: ChecklistMarkValue, note: string) => boolean;
}) {
  const { t } = useTranslation();
  const done = checklist.filter((item) => marks.has(item.key)).length;
  return (
    <Card
      size="small"
      className="live-card"
      title={t('inspection.live.checklist.title')}
      extra={
        checklist.length > 0 && (
          <Progress
            size="small"
            percent={Math.round((done / checklist.length) * 100)}
            format={() => t('inspection.live.checklist.progress', { done, total: checklist.length })}
            style={{ width: 180, margin: 0 }}
          />
        )
      }
    >
      {checklist.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('inspection.live.checklist.empty')} />
      ) : (
        checklist.map((item) => (
          <ChecklistRow
            key={`${item.key}-${marks.get(item.key)?.id ?? 'none'}`}
            item={item}
            mark={marks.get(item.key)}
            segments={segments}
            onRecord={onRecord}
            isDisabled={isDisabled}
          />
        ))
      )}
    </Card>
  );
}
