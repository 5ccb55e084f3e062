import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, readdir, rename, stat, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { MediaStreamTrack } from 'werift';
import { MediaRecorder } from 'werift/nonstandard';

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

/**
 * Writes the phone's RTP to a WebM file as it arrives. werift's recorder appends every block to the
 * file the moment it is muxed (one `appendFile` per block, clusters starting at each keyframe), so a
 * killed process loses only what is still in the jitter buffer; on top of that the file is forced to
 * disk every `flushIntervalMs`, so a power cut loses at most that much.
 */
export function startSegmentWriter(input: SegmentWriterInput): SegmentWriter {
  const tracks = [input.videoTrack, input.audioTrack].filter((track): track is MediaStreamTrack => track !== null);
  const recorder = new MediaRecorder({
    path: input.partialPath,
    tracks,
    width: input.width,
    height: input.height,
    // NTP-based timing drops most of Chrome's audio; RTP timestamps keep it.
    disableNtp: true,
  });
  recorder.onError.subscribe((error) => input.onError(error));

  let isFlushing = false;
  const flush = async (): Promise<void> => {
    if (isFlushing) {
      return;
    }
    isFlushing = true;
    try {
      const handle = await open(input.partialPath, 'r');
      try {
        await handle.datasync();
      } finally {
        await handle.close();
      }
    } catch (error) {
      // The file appears with the first block; before that there is nothing to flush.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        input.onError(error as Error);
      }
    } finally {
      isFlushing = false;
    }
  };
  const flushTimer = setInterval(() => void flush(), input.flushIntervalMs);
  flushTimer.unref();

  return {
    async stop() {
      clearInterval(flushTimer);
      await recorder.stop();
      await flush();
    },
  };
}

export interface FinalisedFile {
  path: string;
  sha256: string;
  sizeBytes: number;
  isRemuxed: boolean;
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
  return { path: finalPath, sha256, sizeBytes, isRemuxed };
}

/**
 * Finalises the partial segments a crashed process left in a folder (run it when a room is
 * reopened or at start-up). A partial file whose final file already exists was interrupted after
 * its remux and is simply removed.
 */
export async function recoverInterruptedSegments(folder: string, options: FinaliseOptions): Promise<FinalisedFile[]> {
  const names = await readdir(folder).catch(() => [] as string[]);
  const recovered: FinalisedFile[] = [];
  for (const name of names.sort()) {
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

function runFfmpeg(ffmpegPath: string, args: string[]): Promise<void> {
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
