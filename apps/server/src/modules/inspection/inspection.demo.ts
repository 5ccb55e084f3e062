import { randomBytes, randomUUID } from 'node:crypto';
import fsPromises from 'node:fs/promises';
import path from 'node:path';
import type { ChecklistItem, ChecklistMarkValue } from '@yuanqu/shared';
import type { Executor } from '../../db/client.js';
import type { Clock } from '../../lib/clock.js';
import { storeGeneratedFile, type FileStorage } from '../files/index.js';
import { auditInspectionOfCase, insertTimelineEvent, NO_MOMENT, PHONE_NAME, snapshotUrl, timelineDigest, type EvidenceActor, type RecordingMoment } from './inspection.evidence.js';
import { readJpegSize } from './inspection.live.service.js';
import { distanceMeters, locationVerdict } from './inspection.location.js';
import * as repository from './inspection.repository.js';
import { hashFile, runFfmpeg, segmentFileName } from './media/index.js';

/*
 * A finished 远程踏勘 for the demo data, so that a new user finds a session to replay — recording,
 * checklist marks on its timeline, a snapshot, the location trail, the signed record — without
 * holding one first. The recording is GENERATED (ffmpeg's test pattern and tones, no real site);
 * everything else is written with the live service's own evidence functions, in its shapes.
 */

interface DemoMediaFile {
  /** The file's name inside `DemoInspectionMedia.folder` and, later, the inspection's folder. */
  name: string;
  sha256: string;
  sizeBytes: number;
  durationMs: number;
}

/** Media rendered by ffmpeg while the seeding transaction writes the rest (encoding takes seconds). */
export interface DemoInspectionMedia {
  /** The recordings folder (RECORDINGS_DIR) the files move into, under the inspection's id. */
  recordingsDir: string;
  /** A temporary folder in the recordings folder (same file system, so the files move by rename). */
  folder: string;
  phone: DemoMediaFile;
  /** One file per inspector's voice, in the order of the inspectors. */
  voices: DemoMediaFile[];
  snapshot: Buffer;
}

const CLIP_SECONDS = 30;
const SECOND = 1000;

/**
 * Renders the phone's recording (VP8 and Opus in WebM, like the server's own), two inspectors'
 * voices and a 1280×720 snapshot. Never rejects: null when ffmpeg is not configured or fails, and
 * the demo inspection is then seeded without recording.
 */
export async function renderDemoInspectionMedia(recordingsDir: string, ffmpegPath: string | null): Promise<DemoInspectionMedia | null> {
  if (!ffmpegPath) return null;
  let folder: string | null = null;
  try {
    await fsPromises.mkdir(recordingsDir, { recursive: true });
    folder = await fsPromises.mkdtemp(path.join(recordingsDir, '.demo-seed-'));
    const inFolder = (name: string) => path.join(folder!, name);
    const quiet = ['-hide_banner', '-nostdin', '-v', 'error', '-y'];
    const tone = (frequency: number, volume: number) => ['-f', 'lavfi', '-i', `sine=frequency=${frequency}:sample_rate=48000:duration=${CLIP_SECONDS},volume=${volume}`];
    const file = async (name: string): Promise<DemoMediaFile> => ({ name, ...(await hashFile(inFolder(name))), durationMs: CLIP_SECONDS * SECOND });
    const phone = segmentFileName(1);
    const voices = [660, 550].map((frequency, index) => ({ frequency, name: segmentFileName(1, index + 1) }));
    // Four small encodes side by side: the picture takes most of the time.
    await Promise.all([
      runFfmpeg(ffmpegPath, [
        ...quiet,
        ...['-f', 'lavfi', '-i', `testsrc2=size=640x360:rate=15:duration=${CLIP_SECONDS}`],
        ...tone(440, 0.15),
        ...['-map', '0:v', '-map', '1:a', '-c:v', 'libvpx', '-deadline', 'realtime', '-cpu-used', '16', '-b:v', '300k', '-g', '30'],
        ...['-c:a', 'libopus', '-b:a', '24k', '-ac', '1', '-f', 'webm', inFolder(phone)],
      ]),
      ...voices.map((voice) => runFfmpeg(ffmpegPath, [...quiet, ...tone(voice.frequency, 0.05), '-c:a', 'libopus', '-b:a', '16k', '-ac', '1', '-f', 'webm', inFolder(voice.name)])),
      runFfmpeg(ffmpegPath, [...quiet, '-f', 'lavfi', '-i', 'testsrc2=size=1280x720:rate=1', '-frames:v', '1', '-q:v', '4', '-c:v', 'mjpeg', inFolder('snapshot.jpg')]),
    ]);
    return {
      recordingsDir,
      folder,
      phone: await file(phone),
      voices: await Promise.all(voices.map((voice) => file(voice.name))),
      snapshot: await fsPromises.readFile(inFolder('snapshot.jpg')),
    };
  } catch {
    // No ffmpeg, an encoder missing, a folder that cannot be written: the demo goes without recording.
    if (folder) await fsPromises.rm(folder, { recursive: true, force: true });
    return null;
  }
}

/** Removes what is left of the rendered media (everything, when the seeding rolled back). */
export async function discardDemoInspectionMedia(media: DemoInspectionMedia | null): Promise<void> {
  if (media) await fsPromises.rm(media.folder, { recursive: true, force: true });
}

/** What the inspectors mark, by checklist key (the demo catalogue's 规划条件核实 items); others get a plain note. */
const DEMO_MARKS: Record<string, { mark: ChecklistMarkValue; note: string }> = {
  setback: { mark: 'ok', note: '东、南两侧退让用地红线约 15 米，与许可一致' },
  height: { mark: 'ok', note: '地上 4 层，檐口高度约 21 米，与许可一致' },
  facade: { mark: 'ok', note: '外立面为浅灰色铝板与玻璃幕墙，与批准方案一致' },
  greening: { mark: 'ok', note: '北侧绿地与 48 个地面停车位已按方案建成' },
};

export interface DemoInspectionSessionInput {
  inspectionId: string;
  zoneId: string;
  caseId: string;
  applicantId: string;
  /** The two booked inspectors: the first leads (liveness code, recording, end), the second asks for the snapshot. */
  inspectors: [EvidenceActor & { actorId: string }, EvidenceActor & { actorId: string }];
  checklist: readonly ChecklistItem[];
  site: { latitude: number; longitude: number; radiusMeters: number };
  storage: FileStorage;
  /** The rendered recording; null seeds the session without one. */
  media: DemoInspectionMedia | null;
}

/**
 * Writes a held session of about two and a half minutes from the clock's now (the slot's start):
 * joins, liveness code, recording with checklist marks, chat, location fixes and a snapshot, the
 * finalised segment with its hashes, the end of the session — events, rows, files and the case's
 * audit records as the live service writes them. The conclusion is the caller's (the service's
 * own conclude and confirm, which issue the record PDF).
 */
export async function seedDemoInspectionSession(tx: Executor, clock: Clock & { set(at: Date): void }, input: DemoInspectionSessionInput): Promise<void> {
  const { inspectionId, media } = input;
  const target = { zoneId: input.zoneId, caseId: input.caseId, inspectionId };
  const start = clock.now().getTime();
  const at = (seconds: number) => clock.set(new Date(start + seconds * SECOND));
  const phone: EvidenceActor = { actorId: null, displayName: PHONE_NAME };
  const [lead, second] = input.inspectors;
  const event = (kind: Parameters<typeof insertTimelineEvent>[3], actor: EvidenceActor | null, details: Record<string, unknown>, moment: RecordingMoment, id?: string) =>
    insertTimelineEvent(tx, clock, inspectionId, kind, actor, details, moment, id);
  const fix = async (latitude: number, longitude: number, moment: RecordingMoment | null) => {
    const position = { latitude, longitude, accuracyMeters: 15 };
    await repository.insertLocation(tx, { inspectionId, at: clock.now(), ...position, distanceMeters: distanceMeters(input.site, position) });
    // The phone's pre-check reports its position without a timeline entry, as the phone page does.
    if (moment) await event('location', phone, { ...position, ...locationVerdict(input.site, [position]) }, moment);
  };
  // About 35 m north-east of the registered point, walking along the boundary.
  const near = (step: number) => [input.site.latitude + 0.0002 + step * 0.00005, input.site.longitude + 0.0002 - step * 0.00008] as const;

  at(-600);
  await fix(...near(0), null);

  at(30);
  await repository.updateInspection(tx, inspectionId, { status: 'live', startedAt: clock.now(), updatedAt: clock.now() });
  await event('joined', phone, { role: 'phone', isRejoin: false }, NO_MOMENT);
  for (const [seconds, inspector] of [[45, lead], [60, second]] as const) {
    at(seconds);
    await event('joined', inspector, { role: 'inspector', isRejoin: false }, NO_MOMENT);
  }
  at(80);
  const code = String(100_000 + (randomBytes(4).readUInt32BE() % 900_000));
  await repository.updateInspection(tx, inspectionId, { livenessCode: code, updatedAt: clock.now() });
  await event('liveness_code', lead, { code }, NO_MOMENT);

  const recordingStart = 100;
  at(recordingStart);
  const inspectorIds = [lead.actorId, second.actorId];
  if (media) {
    await event('recording_started', lead, { inspectorIds }, NO_MOMENT);
    await auditInspectionOfCase(tx, clock, target, lead, 'recording_started', { inspectorIds });
  }
  /** The moment `seconds` into the recording (none without one). */
  const inRecording = (seconds: number): RecordingMoment => {
    at(recordingStart + seconds);
    return media ? { segment: 1, offsetMs: seconds * SECOND } : NO_MOMENT;
  };
  const snapshot = async (moment: RecordingMoment): Promise<void> => {
    if (!media) return;
    const snapshotId = randomUUID();
    const requestId = `demo-${randomBytes(6).toString('hex')}`;
    const stored = await storeGeneratedFile(tx, input.storage, {
      zoneId: input.zoneId,
      ownerId: input.applicantId,
      originalName: `inspection-snapshot-${requestId}.jpg`,
      mimeType: 'image/jpeg',
      detectedFormat: 'jpg',
      bytes: media.snapshot,
    });
    const size = readJpegSize(media.snapshot);
    const details = { snapshotId, requestId, sha256: stored.sha256, sizeBytes: stored.sizeBytes, url: snapshotUrl(inspectionId, snapshotId), fileId: stored.id };
    await event('snapshot', phone, { ...details, width: size?.width ?? null, height: size?.height ?? null, requestedBy: second.displayName }, moment, snapshotId);
    await auditInspectionOfCase(tx, clock, target, phone, 'snapshot', { snapshotId, fileId: stored.id, sha256: stored.sha256, sizeBytes: stored.sizeBytes, requestedBy: second.actorId });
  };
  const marks = input.checklist.slice(0, 4);
  const script: Array<[number, () => Promise<unknown>]> = [
    [0, () => fix(...near(1), inRecording(0))],
    [2, () => event('chat', phone, { role: 'phone', text: '我们在厂房东南角，现在沿用地红线顺时针走。' }, inRecording(2))],
    ...marks.map((item, index): [number, () => Promise<unknown>] => {
      const seconds = [4, 9, 15, 22][index]!;
      const { mark, note } = DEMO_MARKS[item.key] ?? { mark: 'ok' as const, note: '现场情况与申请材料一致' };
      return [seconds, () => event('checklist_mark', index % 2 === 0 ? lead : second, { itemKey: item.key, mark, note }, inRecording(seconds))];
    }),
    [10, () => fix(...near(2), inRecording(10))],
    [12, () => event('chat', lead, { role: 'inspector', text: '请把镜头对准楼号和层数标识。' }, inRecording(12))],
    [18, () => snapshot(inRecording(18))],
    [20, () => fix(...near(3), inRecording(20))],
    [26, () => event('chat', phone, { role: 'phone', text: '好的，北侧就是绿地和停车位。' }, inRecording(26))],
  ];
  for (const [, write] of script.sort((left, right) => left[0] - right[0])) await write();

  if (media) {
    at(recordingStart + media.phone.durationMs / SECOND + 1);
    const folder = path.join(media.recordingsDir, inspectionId);
    await fsPromises.mkdir(folder, { recursive: true });
    const relative = (file: DemoMediaFile) => `${inspectionId}/${file.name}`;
    for (const file of [media.phone, ...media.voices]) await fsPromises.rename(path.join(media.folder, file.name), path.join(folder, file.name));
    const startedAt = new Date(start + recordingStart * SECOND);
    const endedAt = new Date(startedAt.getTime() + media.phone.durationMs);
    const saved = await repository.upsertRecording(tx, {
      inspectionId,
      segment: 1,
      kind: 'phone',
      path: relative(media.phone),
      sha256: media.phone.sha256,
      sizeBytes: media.phone.sizeBytes,
      durationMs: media.phone.durationMs,
      gapBeforeMs: null,
      startedAt,
      endedAt,
      status: 'final',
    });
    for (const [index, voice] of media.voices.entries()) {
      await repository.upsertRecording(tx, {
        inspectionId,
        segment: 1,
        kind: 'inspector_audio',
        inspectorId: input.inspectors[index]!.actorId,
        path: relative(voice),
        sha256: voice.sha256,
        sizeBytes: voice.sizeBytes,
        durationMs: voice.durationMs,
        offsetMs: 0,
        startedAt,
        endedAt: new Date(startedAt.getTime() + voice.durationMs),
        status: 'final',
      });
    }
    const { sha256, sizeBytes, durationMs } = media.phone;
    await event('segment_finalised', null, { recordingId: saved.id, segment: 1, sha256, durationMs }, { segment: 1, offsetMs: durationMs });
    await auditInspectionOfCase(tx, clock, target, null, 'recording_finalised', {
      segment: 1,
      path: saved.path,
      sha256,
      sizeBytes,
      durationMs,
      inspectorAudio: media.voices.map((voice, index) => ({ path: relative(voice), sha256: voice.sha256, inspectorId: input.inspectors[index]!.actorId })),
    });
    await event('recording_stopped', lead, {}, NO_MOMENT);
  }

  at(150);
  await event('session_ended', lead, { reason: 'ended_by_inspector' }, NO_MOMENT);
  const digest = await timelineDigest(tx, inspectionId);
  await auditInspectionOfCase(tx, clock, target, lead, 'session_ended', {
    reason: 'ended_by_inspector',
    ...digest,
    recordings: media ? [{ segment: 1, sha256: media.phone.sha256, inspectorAudio: media.voices.map((voice) => voice.sha256) }] : [],
  });
}
