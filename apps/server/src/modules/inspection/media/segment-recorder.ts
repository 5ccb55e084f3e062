import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, readdir, readFile, rename, stat, unlink, type FileHandle } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { MediaStreamTrack } from 'werift';
import { RtpFrameAssembler } from './rtp-frames.js';
import { WebmMuxer, type WebmTrack } from './webm-muxer.js';

/** A pino-compatible subset, so the app's logger can be passed as it is. */
export interface MediaLogger {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

export const silentLogger: MediaLogger = { info: () => {}, warn: () => {}, error: () => {} };

const SEGMENT_FILE = /^segment-(\d+)(?:\.inspector-\d+)?(\.partial)?\.webm$/;

/**
 * The name of a finished recording file: `segment-007.webm` for the phone's video and audio of
 * segment 7, `segment-007.inspector-2.webm` for the second inspector audio file of that segment.
 */
export function segmentFileName(index: number, inspectorFile?: number): string {
  const segment = `segment-${String(index).padStart(3, '0')}`;
  return inspectorFile === undefined ? `${segment}.webm` : `${segment}.inspector-${inspectorFile}.webm`;
}

/** `segment-007.partial.webm`: where a file is written until it is finalised. */
export function partialFileName(finalName: string): string {
  return finalName.replace(/\.webm$/, '.partial.webm');
}

/** The next free segment number in a folder, so that a room reopened after a crash never overwrites evidence. */
export async function findNextSegmentIndex(folder: string): Promise<number> {
  const names = await readdir(folder).catch(() => [] as string[]);
  let highest = 0;
  for (const name of names) {
    const match = SEGMENT_FILE.exec(name);
    if (match?.[1]) {
      highest = Math.max(highest, Number(match[1]));
    }
  }
  return highest + 1;
}

export interface SegmentWriterInput {
  partialPath: string;
  /** Null for an audio-only file (an inspector's voice). */
  videoTrack: MediaStreamTrack | null;
  /** Null when the phone sends no audio. */
  audioTrack: MediaStreamTrack | null;
  /** Picture size written to the WebM track header. */
  width?: number;
  height?: number;
  /** How often the file is forced to disk (fdatasync). */
  flushIntervalMs: number;
  onError: (error: Error) => void;
}

export interface SegmentWriter {
  /** Ends the WebM (duration, cues) and forces it to disk. */
  stop(): Promise<void>;
}

/** How long the muxer's pieces are gathered before they are written out together. */
export const WRITE_BATCH_MS = 250;

/** Gathered pieces past this size are written at once, without waiting for the batch's time. */
const WRITE_BATCH_BYTES = 512 * 1024;

/**
 * Writes the phone's RTP to a WebM file as it arrives: each track's packets put in order and made
 * into frames (`RtpFrameAssembler`), the frames into WebM blocks (`WebmMuxer`). The pieces are
 * gathered for up to `WRITE_BATCH_MS` and written in their order with one call: a block per frame,
 * for the video, the phone's voice and each inspector's, would otherwise be some 150 writes a second
 * per session, each a trip through libuv's thread pool. A killed process loses the last batch and
 * what waits behind a gap in the sequence (at most 150 ms). The file is forced to disk every
 * `flushIntervalMs`, so a power cut loses at most that much more. `stop()` returns once the end of
 * the file (cues, duration, size) has been written and the file closed: nothing is written to it
 * afterwards.
 */
export function startSegmentWriter(input: SegmentWriterInput): SegmentWriter {
  const opened = open(input.partialPath, 'w');
  opened.catch((error: Error) => input.onError(error));
  /** Bytes of the file handed to a write so far: where the next batch starts. */
  let fileBytes = 0;
  let batch: Buffer[] = [];
  let batchBytes = 0;
  let isClosed = false;
  /** Every write, chained: each starts when the one before it has finished. */
  let writes: Promise<void> = Promise.resolve();
  const enqueue = (write: (handle: FileHandle) => Promise<unknown>): void => {
    writes = writes
      .then(async () => {
        if (!isClosed) {
          await write(await opened);
        }
      })
      .catch((error: Error) => input.onError(error));
  };

  /** Hands the gathered pieces to one write at the end of the file. */
  function writeBatch(): void {
    if (batch.length === 0) {
      return;
    }
    const pieces = batch;
    const position = fileBytes;
    fileBytes += batchBytes;
    batch = [];
    batchBytes = 0;
    enqueue((handle) => handle.writev(pieces, position));
  }

  function take(piece: Buffer): void {
    batch.push(piece);
    batchBytes += piece.length;
    if (batchBytes >= WRITE_BATCH_BYTES) {
      writeBatch();
    }
  }
  const batchTimer = setInterval(writeBatch, WRITE_BATCH_MS);
  batchTimer.unref();

  const startedAt = performance.now();
  const sources: { track: MediaStreamTrack; codec: 'vp8' | 'opus'; webm: WebmTrack }[] = [];
  if (input.videoTrack) {
    sources.push({ track: input.videoTrack, codec: 'vp8', webm: { kind: 'video', width: input.width, height: input.height } });
  }
  if (input.audioTrack) {
    sources.push({ track: input.audioTrack, codec: 'opus', webm: { kind: 'audio' } });
  }
  const muxer = new WebmMuxer(
    sources.map((source) => source.webm),
    take,
  );
  const assemblers = sources.map(
    (source, index) =>
      new RtpFrameAssembler({
        codec: source.codec,
        startedAt,
        onFrame: (frame) => muxer.addFrame(index + 1, frame.timeMs, frame.isKeyframe, frame.data),
      }),
  );
  const unsubscribers = sources.map(
    (source, index) =>
      source.track.onReceiveRtp.subscribe((packet) => {
        try {
          assemblers[index]!.push(packet);
        } catch (error) {
          input.onError(error as Error);
        }
      }).unSubscribe,
  );

  let isFlushing = false;
  const flush = async (): Promise<void> => {
    if (isFlushing || isClosed) {
      return;
    }
    isFlushing = true;
    try {
      await (await opened).datasync();
    } catch (error) {
      input.onError(error as Error);
    } finally {
      isFlushing = false;
    }
  };
  const flushTimer = setInterval(() => void flush(), input.flushIntervalMs);
  flushTimer.unref();

  return {
    async stop() {
      clearInterval(flushTimer);
      clearInterval(batchTimer);
      for (const unsubscribe of unsubscribers) unsubscribe();
      for (const assembler of assemblers) assembler.flush();
      const patches = muxer.end();
      writeBatch();
      for (const patch of patches) {
        enqueue((handle) => handle.write(patch.bytes, 0, patch.bytes.length, patch.position));
      }
      await writes;
      isClosed = true;
      const handle = await opened.catch(() => undefined);
      if (handle) {
        await handle.datasync().catch((error: Error) => input.onError(error));
        await handle.close();
      }
    },
  };
}

export interface FinalisedFile {
  path: string;
  sha256: string;
  sizeBytes: number;
  isRemuxed: boolean;
  /** When the recorder last wrote to the file (before the remux rewrote it): the end of what it holds. */
  lastWrittenAt: Date;
}

/** Who an inspector's voice file belongs to, kept beside it while it is written (a crash loses the engine's memory). */
export interface InspectorFileOwner {
  peerId: string;
  inspectorSlot: number;
  startedAt: string;
}

/** `segment-007.inspector-2.owner.json` beside `segment-007.inspector-2.webm`. */
export function ownerFilePath(finalPath: string): string {
  return finalPath.replace(/\.webm$/, '.owner.json');
}

/** The owner of a voice file, or null when none was kept (or it cannot be read). */
export async function readFileOwner(finalPath: string): Promise<InspectorFileOwner | null> {
  try {
    const owner = JSON.parse(await readFile(ownerFilePath(finalPath), 'utf8')) as Partial<InspectorFileOwner>;
    return typeof owner.peerId === 'string' && typeof owner.inspectorSlot === 'number' && typeof owner.startedAt === 'string' ? (owner as InspectorFileOwner) : null;
  } catch {
    return null;
  }
}

export interface FinaliseOptions {
  /** The ffmpeg binary; null skips the remux (the file is kept as werift wrote it). */
  ffmpegPath: string | null;
  logger?: MediaLogger;
}

/**
 * Turns a partial segment into the final file: remuxes it with `ffmpeg -c copy` (werift's file has
 * a provisional segment size and cues written as it went; the remux rewrites duration, cues and
 * seek index without touching a single frame), forces it to disk, deletes the partial file and
 * computes the SHA-256 of what stays. Without ffmpeg, or if it fails, the partial file is renamed
 * as it is.
 */
export async function finaliseSegmentFile(partialPath: string, finalPath: string, options: FinaliseOptions): Promise<FinalisedFile> {
  const logger = options.logger ?? silentLogger;
  const lastWrittenAt = (await stat(partialPath)).mtime;
  let isRemuxed = false;
  if (options.ffmpegPath !== null) {
    const remuxPath = `${finalPath}.remux.webm`;
    try {
      await runFfmpeg(options.ffmpegPath, [
        '-hide_banner',
        '-nostdin',
        '-v',
        'error',
        '-y',
        '-i',
        partialPath,
        '-map',
        '0',
        '-c',
        'copy',
        '-f',
        'webm',
        remuxPath,
      ]);
      await syncFile(remuxPath);
      await rename(remuxPath, finalPath);
      await unlink(partialPath);
      isRemuxed = true;
    } catch (error) {
      logger.warn({ err: error, partialPath }, 'remux of a recording segment failed; keeping the file as recorded');
      await unlink(remuxPath).catch(() => undefined);
    }
  }
  if (!isRemuxed) {
    await syncFile(partialPath);
    await rename(partialPath, finalPath);
  }
  await syncFolder(finalPath);
  const { sha256, sizeBytes } = await hashFile(finalPath);
  return { path: finalPath, sha256, sizeBytes, isRemuxed, lastWrittenAt };
}

/**
 * Finalises the partial segments a crashed process left in a folder (run it when a room is
 * reopened or at start-up), or only those of one segment (`onlySegment`: its writer died while the
 * room goes on, so a later segment may be being written beside it). A partial file whose final file
 * already exists was interrupted after its remux and is simply removed.
 */
export async function recoverInterruptedSegments(folder: string, options: FinaliseOptions & { onlySegment?: number }): Promise<FinalisedFile[]> {
  const names = await readdir(folder).catch(() => [] as string[]);
  const recovered: FinalisedFile[] = [];
  for (const name of names.sort()) {
    const isOtherSegment = options.onlySegment !== undefined && Number(/^segment-(\d+)/.exec(name)?.[1]) !== options.onlySegment;
    if (isOtherSegment) {
      continue;
    }
    if (name.endsWith('.remux.webm')) {
      await unlink(join(folder, name));
      continue;
    }
    const match = SEGMENT_FILE.exec(name);
    if (!match?.[2]) {
      continue;
    }
    const finalPath = join(folder, name.replace(/\.partial\.webm$/, '.webm'));
    const hasFinal = await stat(finalPath).then(
      () => true,
      () => false,
    );
    if (hasFinal) {
      await unlink(join(folder, name));
      continue;
    }
    recovered.push(await finaliseSegmentFile(join(folder, name), finalPath, options));
  }
  return recovered;
}

/** Hex SHA-256 and size of a file, read as a stream. */
export async function hashFile(path: string): Promise<{ sha256: string; sizeBytes: number }> {
  const hash = createHash('sha256');
  let sizeBytes = 0;
  for await (const chunk of createReadStream(path)) {
    const bytes = chunk as Buffer;
    hash.update(bytes);
    sizeBytes += bytes.length;
  }
  return { sha256: hash.digest('hex'), sizeBytes };
}

/** Runs ffmpeg; rejects with its error output when it fails or runs over two minutes. */
export function runFfmpeg(ffmpegPath: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(ffmpegPath, args, { timeout: 120_000 }, (error, _stdout, stderr) => {
      if (error) {
        reject(new Error(`ffmpeg failed: ${stderr.trim() || error.message}`));
        return;
      }
      resolve();
    });
  });
}

async function syncFile(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function syncFolder(path: string): Promise<void> {
  const handle = await open(dirname(path), 'r').catch(() => null);
  if (!handle) {
    return;
  }
  try {
    await handle.sync();
  } catch {
    // Some file systems refuse fsync on a directory; the rename is still ordered after the data.
  } finally {
    await handle.close();
  }
}
