import { describe, expect, it } from 'vitest';
import { formatSpan, inspectionRecordSections, type RecordEvidence } from './inspection.record.js';
import type { EventRow, RecordingRow } from './inspection.repository.js';

const START = new Date('2026-11-20T02:05:00Z'); // 10:05 in Beijing
const SHA = (digit: string) => digit.repeat(64);
const CHECKLIST = [
  { key: 'setback', textZh: '建筑退让红线距离与许可一致', textEn: 'Setbacks match the permit' },
  { key: 'height', textZh: '建筑层数、高度与许可一致', textEn: 'Storeys and height match the permit' },
  { key: 'greening', textZh: '绿地、停车位按方案建成', textEn: 'Green space built as approved' },
];

let seq = 0;
function event(kind: string, actorName: string, moment: { segment: number; offsetMs: number } | null, details: Record<string, unknown>): EventRow {
  seq += 1;
  return {
    id: `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`,
    inspectionId: 'inspection',
    at: new Date(START.getTime() + (moment?.offsetMs ?? 3_600_000)),
    kind,
    actorId: null,
    actorName,
    segment: moment?.segment ?? null,
    offsetMs: moment?.offsetMs ?? null,
    details,
    seq,
  };
}

function recording(overrides: Partial<RecordingRow>): RecordingRow {
  return {
    id: 'recording',
    inspectionId: 'inspection',
    segment: 1,
    kind: 'phone',
    inspectorId: null,
    path: 'inspection/segment-001.webm',
    fileId: null,
    sha256: SHA('a'),
    durationMs: 65_400,
    sizeBytes: 1_000_000,
    offsetMs: null,
    gapBeforeMs: null,
    startedAt: START,
    endedAt: new Date(START.getTime() + 65_400),
    status: 'final',
    ...overrides,
  };
}

function evidence(overrides: Partial<RecordEvidence> = {}): RecordEvidence {
  return { checklist: CHECKLIST, events: [], recordings: [], inspectorNames: new Map(), ...overrides };
}

describe('the inspection record’s sections', () => {
  it('print each checklist item with its last mark, the note, who marked it and where in the recording', () => {
    const [checklist] = inspectionRecordSections(
      evidence({
        events: [
          event('checklist_mark', '李建国', { segment: 1, offsetMs: 4_000 }, { itemKey: 'setback', mark: 'issue', note: '看不清' }),
          event('checklist_mark', '赵敏', { segment: 2, offsetMs: 75_500 }, { itemKey: 'setback', mark: 'ok', note: '退让约 15 米' }),
          event('checklist_mark', '赵敏', null, { itemKey: 'height', mark: 'not_applicable', note: '' }),
        ],
      }),
    );
    expect(checklist!.heading).toBe('一、踏勘要点');
    expect(checklist!.table!.rows).toEqual([
      ['建筑退让红线距离与许可一致', '符合', '退让约 15 米', '赵敏 · 录像第2段 01:15'],
      ['建筑层数、高度与许可一致', '不适用', '', '赵敏 · 11:05:00（未录像）'],
      ['绿地、停车位按方案建成', '未勾选', '', ''],
    ]);
  });

  it('caption each snapshot with its moment, who asked for it, its size and its SHA-256', () => {
    const [, photos] = inspectionRecordSections(
      evidence({
        events: [
          event('snapshot', '申请人', { segment: 1, offsetMs: 18_000 }, { fileId: 'file-1', sha256: SHA('b'), width: 1280, height: 720, requestedBy: '李建国' }),
          event('snapshot', '申请人', { segment: 1, offsetMs: 30_000 }, { fileId: 'file-2', sha256: SHA('c'), requestedBy: '赵敏' }),
        ],
      }),
    );
    expect(photos!.pictures).toEqual([
      { fileId: 'file-1', caption: `照片1 · 录像第1段 00:18 · 李建国请求拍摄 · 1280×720\nSHA-256 ${SHA('b')}` },
      { fileId: 'file-2', caption: `照片2 · 录像第1段 00:30 · 赵敏请求拍摄\nSHA-256 ${SHA('c')}` },
    ]);
  });

  it('list every hashed recording file, the phone’s first in each segment, with its Beijing start, length, state and hash; an unhashed one is left out', () => {
    const inspectorId = '11111111-1111-4111-8111-111111111111';
    const [, , recordings] = inspectionRecordSections(
      evidence({
        // In the repository's order (segment, then kind): the voice before the phone's file.
        recordings: [
          recording({ kind: 'inspector_audio', inspectorId, sha256: SHA('d'), durationMs: 60_000, path: 'inspection/segment-001.inspector-1.webm' }),
          recording({}),
          recording({ segment: 2, status: 'interrupted', sha256: SHA('e'), startedAt: new Date(START.getTime() + 120_000), durationMs: 3_725_000 }),
          recording({ segment: 3, status: 'recording', sha256: null, durationMs: null }),
        ],
        inspectorNames: new Map([[inspectorId, '李建国']]),
      }),
    );
    expect(recordings!.table!.rows).toEqual([
      ['第1段 现场视频与声音', '10:05:00', '01:05', '完整', SHA('a')],
      ['第1段 李建国语音', '10:05:00', '01:00', '完整', SHA('d')],
      ['第2段 现场视频与声音', '10:07:00', '1:02:05', '中断后恢复', SHA('e')],
    ]);
  });

  it('say so when there is no checklist, no snapshot or no recording', () => {
    const sections = inspectionRecordSections(evidence({ checklist: [] }));
    expect(sections.map((section) => [section.heading, section.table?.rows.length ?? section.pictures?.length, section.note])).toEqual([
      ['一、踏勘要点', 0, '本事项未设踏勘要点。'],
      ['二、现场照片', 0, '踏勘中未拍摄现场照片。'],
      ['三、录像文件', 0, '本次踏勘未录像。'],
    ]);
  });
});

describe('formatSpan', () => {
  it('writes minutes and seconds, and hours once there are any', () => {
    expect(formatSpan(0)).toBe('00:00');
    expect(formatSpan(59_999)).toBe('00:59');
    expect(formatSpan(600_000)).toBe('10:00');
    expect(formatSpan(3_600_000)).toBe('1:00:00');
  });
});
