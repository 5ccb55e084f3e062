import type { ChecklistItem } from '@yuanqu/shared';
import type { IssueDocumentSection } from '../documents/index.js';
import type { EventRow, RecordingRow } from './inspection.repository.js';

/*
 * 现场踏勘记录: what the record PDF prints after its facts — the checklist as the inspectors marked
 * it, the snapshots, and the recording files with their SHA-256 — from the session's evidence.
 */

/** The words the inspector console shows for a mark. */
const MARK_WORDS: Record<string, string> = { ok: '符合', issue: '有问题', not_applicable: '不适用' };
const RECORDING_STATUS_WORDS: Record<string, string> = { final: '完整', interrupted: '中断后恢复', recording: '未完成' };

/** Beijing time of day, `HH:MM:SS`. */
function chinaClock(instant: Date): string {
  return new Date(instant.getTime() + 8 * 3_600_000).toISOString().slice(11, 19);
}

/** `MM:SS` (or `H:MM:SS`) of a span in milliseconds. */
export function formatSpan(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  const clock = `${String(Math.floor((seconds % 3600) / 60)).padStart(2, '0')}:${String(seconds % 60).padStart(2, '0')}`;
  return seconds >= 3600 ? `${Math.floor(seconds / 3600)}:${clock}` : clock;
}

/** Where an event sits: the recording moment when it has one, else the time of day. */
function momentOf(event: Pick<EventRow, 'segment' | 'offsetMs' | 'at'>): string {
  return event.segment !== null && event.offsetMs !== null ? `录像第${event.segment}段 ${formatSpan(event.offsetMs)}` : `${chinaClock(event.at)}（未录像）`;
}

export interface RecordEvidence {
  checklist: readonly ChecklistItem[];
  /** The session's `checklist_mark` and `snapshot` events, oldest first. */
  events: readonly EventRow[];
  recordings: readonly RecordingRow[];
  /** Display names of the booked inspectors, by user id. */
  inspectorNames: ReadonlyMap<string, string>;
}

/** The checklist, snapshot and recording sections of the record; each says so when it has nothing. */
export function inspectionRecordSections(evidence: RecordEvidence): IssueDocumentSection[] {
  // The last mark of an item stands (an inspector may correct a mark during the session).
  const lastMarks = new Map<string, EventRow>();
  for (const event of evidence.events) {
    if (event.kind === 'checklist_mark') lastMarks.set((event.details as { itemKey: string }).itemKey, event);
  }
  const checklist: IssueDocumentSection = {
    heading: '一、踏勘要点',
    table: {
      columns: [
        { label: '要点', weight: 3.2 },
        { label: '结论', weight: 1.1 },
        { label: '说明', weight: 3 },
        { label: '标记人 · 时刻', weight: 2.2 },
      ],
      rows: evidence.checklist.map((item) => {
        const mark = lastMarks.get(item.key);
        if (!mark) return [item.textZh, '未勾选', '', ''];
        const details = mark.details as { mark: string; note: string };
        return [item.textZh, MARK_WORDS[details.mark] ?? details.mark, details.note, `${mark.actorName} · ${momentOf(mark)}`];
      }),
    },
    note: '本事项未设踏勘要点。',
  };

  const snapshots = evidence.events.filter((event) => event.kind === 'snapshot');
  const pictures: IssueDocumentSection = {
    heading: '二、现场照片',
    pictures: snapshots.flatMap((event, index) => {
      const details = event.details as { fileId?: string; sha256: string; width?: number | null; height?: number | null; requestedBy?: string };
      if (!details.fileId) return [];
      const size = details.width && details.height ? ` · ${details.width}×${details.height}` : '';
      return [{ fileId: details.fileId, caption: `照片${index + 1} · ${momentOf(event)} · ${details.requestedBy || '踏勘人员'}请求拍摄${size}\nSHA-256 ${details.sha256}` }];
    }),
    note: '踏勘中未拍摄现场照片。',
  };

  // Per segment the phone's file (picture and sound) first, then the inspectors' voices.
  const hashed = evidence.recordings
    .filter((row) => row.sha256)
    .sort((left, right) => left.segment - right.segment || Number(left.kind !== 'phone') - Number(right.kind !== 'phone'));
  const recordings: IssueDocumentSection = {
    heading: '三、录像文件',
    table: {
      columns: [
        { label: '文件', weight: 2.1 },
        { label: '开始时间', weight: 1.15 },
        { label: '时长', weight: 0.8 },
        { label: '状态', weight: 1.05 },
        { label: 'SHA-256', weight: 5, isCode: true },
      ],
      rows: hashed.map((row) => [
        row.kind === 'phone'
          ? `第${row.segment}段 现场视频与声音`
          : `第${row.segment}段 ${(row.inspectorId && evidence.inspectorNames.get(row.inspectorId)) || '踏勘人员'}语音`,
        chinaClock(row.startedAt),
        row.durationMs === null ? '' : formatSpan(row.durationMs),
        RECORDING_STATUS_WORDS[row.status] ?? row.status,
        row.sha256!,
      ]),
    },
    note: '本次踏勘未录像。',
  };
  return [checklist, pictures, recordings];
}
