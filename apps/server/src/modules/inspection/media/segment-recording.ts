import { writeFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { MediaStreamTrack } from 'werift';
import type { Clock } from '../../../lib/clock.js';
import type { ActiveSegment, RecordedAudioFile, RecordingSegment } from './media-engine.js';
import {
  finaliseSegmentFile,
  ownerFilePath,
  partialFileName,
  segmentFileName,
  startSegmentWriter,
  type InspectorFileOwner,
  type MediaLogger,
  type SegmentWriter,
} from './segment-recorder.js';
import type { Vp8KeyframeSize } from './vp8-keyframe.js';

export interface SegmentRecordingInput {
  roomId: string;
  index: number;
  folder: string;
  phonePeerId: string;
  videoTrack: MediaStreamTrack;
  audioTrack: MediaStreamTrack | null;
  size: Vp8KeyframeSize;
  gapBeforeMs: number | null;
  flushIntervalMs: number;
  ffmpegPath: string | null;
  clock: Clock;
  logger: MediaLogger;
  onError: (error: Error) => void;
}

interface InspectorFile {
  peerId: string;
  inspectorSlot: number;
  partialPath: string;
  finalPath: string;
  startedAt: Date;
  writer: SegmentWriter;
}

/**
 * One segment while it is recorded: the phone's WebM and an audio-only WebM per inspector
 * connection, each written as it arrives, then finalised (remux, SHA-256) together.
 */
export class SegmentRecording {
  readonly segment: ActiveSegment;
  private readonly finalPath: string;
  private readonly writer: SegmentWriter;
  private largestSize: Vp8KeyframeSize;
  private readonly inspectors = new Map<string, InspectorFile>();
  private readonly finishedInspectorFiles: Promise<RecordedAudioFile | null>[] = [];
  private inspectorFileCount = 0;

  constructor(private readonly input: SegmentRecordingInput) {
    this.finalPath = join(input.folder, segmentFileName(input.index));
    this.segment = {
      roomId: input.roomId,
      index: input.index,
      peerId: input.phonePeerId,
      partialPath: join(input.folder, partialFileName(segmentFileName(input.index))),
      startedAt: input.clock.now(),
      gapBeforeMs: input.gapBeforeMs,
    };
    this.largestSize = input.size;
    this.writer = startSegmentWriter({
      partialPath: this.segment.partialPath,
      videoTrack: input.videoTrack,
      audioTrack: input.audioTrack,
      width: input.size.width,
      height: input.size.height,
      flushIntervalMs: input.flushIntervalMs,
      onError: input.onError,
    });
  }

  /** Keeps the largest picture size the phone sent. */
  notePictureSize(size: Vp8KeyframeSize): void {
    if (size.width * size.height > this.largestSize.width * this.largestSize.height) {
      this.largestSize = size;
    }
  }

  hasInspector(peerId: string): boolean {
    return this.inspectors.has(peerId);
  }

  /** Starts an audio-only file for an inspector whose microphone is flowing. */
  addInspector(peerId: string, inspectorSlot: number, audioTrack: MediaStreamTrack): void {
    if (this.inspectors.has(peerId)) {
      return;
    }
    this.inspectorFileCount += 1;
    const name = segmentFileName(this.input.index, this.inspectorFileCount);
    const partialPath = join(this.input.folder, partialFileName(name));
    const writer = startSegmentWriter({
      partialPath,
      videoTrack: null,
      audioTrack,
      flushIntervalMs: this.input.flushIntervalMs,
      onError: this.input.onError,
    });
    const finalPath = join(this.input.folder, name);
    const startedAt = this.input.clock.now();
    const owner: InspectorFileOwner = { peerId, inspectorSlot, startedAt: startedAt.toISOString() };
    writeFile(ownerFilePath(finalPath), JSON.stringify(owner)).catch((error: Error) => this.input.onError(error));
    this.inspectors.set(peerId, { peerId, inspectorSlot, partialPath, finalPath, startedAt, writer });
  }

  /** Ends an inspector's file (the inspector left); it is finalised with the segment. */
  removeInspector(peerId: string): void {
    const file = this.inspectors.get(peerId);
    if (!file) {
      return;
    }
    this.inspectors.delete(peerId);
    this.finishedInspectorFiles.push(this.finishInspectorFile(file, this.input.clock.now()));
  }

  /**
   * Stops every writer and finalises the files. `tailMs` keeps the writers running that much longer
   * when the phone is still sending, so that the packets on their way (and any gap's wait, at most
   * 150 ms) reach the file; `endedAt` stays the moment of the stop.
   */
  async finish(tailMs: number, endedAt: Date = this.input.clock.now()): Promise<RecordingSegment> {
    if (tailMs > 0) {
      await new Promise((done) => setTimeout(done, tailMs));
    }
    for (const peerId of [...this.inspectors.keys()]) {
      const file = this.inspectors.get(peerId);
      if (file) {
        this.inspectors.delete(peerId);
        this.finishedInspectorFiles.push(this.finishInspectorFile(file, endedAt));
      }
    }
    await this.writer.stop();
    const file = await finaliseSegmentFile(this.segment.partialPath, this.finalPath, {
      ffmpegPath: this.input.ffmpegPath,
      logger: this.input.logger,
    });
    const inspectorAudio = (await Promise.all(this.finishedInspectorFiles)).filter((entry): entry is RecordedAudioFile => entry !== null);
    return {
      roomId: this.segment.roomId,
      index: this.segment.index,
      path: file.path,
      peerId: this.segment.peerId,
      startedAt: this.segment.startedAt,
      endedAt,
      durationMs: endedAt.getTime() - this.segment.startedAt.getTime(),
      gapBeforeMs: this.segment.gapBeforeMs,
      sha256: file.sha256,
      sizeBytes: file.sizeBytes,
      isRemuxed: file.isRemuxed,
      width: this.largestSize.width,
      height: this.largestSize.height,
      inspectorAudio,
    };
  }

  private async finishInspectorFile(file: InspectorFile, endedAt: Date): Promise<RecordedAudioFile | null> {
    try {
      await file.writer.stop();
      const finalised = await finaliseSegmentFile(file.partialPath, file.finalPath, {
        ffmpegPath: this.input.ffmpegPath,
        logger: this.input.logger,
      });
      await unlink(ownerFilePath(file.finalPath)).catch(() => undefined);
      return {
        peerId: file.peerId,
        inspectorSlot: file.inspectorSlot,
        path: finalised.path,
        startedAt: file.startedAt,
        endedAt,
        sha256: finalised.sha256,
        sizeBytes: finalised.sizeBytes,
        isRemuxed: finalised.isRemuxed,
      };
    } catch (error) {
      this.input.logger.error({ err: error, path: file.finalPath }, 'an inspector audio file could not be finalised');
      this.input.onError(error as Error);
      return null;
    }
  }
}
