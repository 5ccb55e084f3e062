/**
 * The messages between `WorkerMediaEngine` (the app's thread) and `media-worker.ts` (one werift
 * engine per worker thread). Everything in them survives the structured clone, Dates included.
 */
import type { MediaEngineErrorCode, MediaEngineEvent, MediaRoomState } from './media-engine.js';
import type { WeriftEngineOptions } from './werift-engine.js';

/** What a worker's engine is built from: the werift options less the clock and logger, which cannot cross threads. */
export type WorkerEngineOptions = Omit<WeriftEngineOptions, 'clock' | 'logger'>;

export interface MediaWorkerData {
  engine: WorkerEngineOptions;
  /** For source runs (tests, `npm run dev`): the TypeScript loader the worker registers before loading its engine. */
  tsLoader?: string;
  /** The module that runs the worker (this folder's `media-worker` in .ts or .js). */
  entry?: string;
}

/** Engine methods that answer. */
export type WorkerCallMethod = 'openRoom' | 'join' | 'leave' | 'startRecording' | 'stopRecording' | 'sendToPeer' | 'closeRoom' | 'close';

export type ToWorker =
  | { type: 'call'; id: number; method: WorkerCallMethod; roomId: string | null; args: unknown[] }
  | { type: 'keyframe'; roomId: string }
  | { type: 'loop-delay'; id: number };

/** The event loop's delay in the worker since the last question, in milliseconds. */
export interface LoopDelay {
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

export type FromWorker =
  | { type: 'ready' }
  | {
      type: 'reply';
      id: number;
      /** The call's room as it is after the call; null when it does not exist (any more). */
      room: MediaRoomState | null;
      result: { ok: true; value: unknown } | { ok: false; code: MediaEngineErrorCode | null; message: string };
    }
  | { type: 'event'; event: MediaEngineEvent; room: MediaRoomState | null }
  | { type: 'log'; level: 'info' | 'warn' | 'error'; details: object; message: string }
  | { type: 'loop-delay'; id: number; delay: LoopDelay };
