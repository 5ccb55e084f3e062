import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import {
  assertEngineOpen,
  findRoom,
  MediaEngineError,
  MediaEngineListeners,
  type JoinInput,
  type JoinResult,
  type MediaEngine,
  type MediaEngineEvent,
  type MediaEngineListener,
  type MediaRoomState,
  type OpenRoomInput,
  type RecordingSegment,
} from './media-engine.js';
import { silentLogger, type MediaLogger } from './segment-recorder.js';
import type { FromWorker, LoopDelay, MediaWorkerData, ToWorker, WorkerCallMethod, WorkerEngineOptions } from './worker-protocol.js';

export type { LoopDelay, WorkerEngineOptions } from './worker-protocol.js';

export interface WorkerMediaEngineOptions {
  /** Worker threads the rooms are spread over (each room lives in one). At least 1. */
  workers: number;
  /** The werift engine of every worker. A UDP port range is divided between the workers. */
  engine: WorkerEngineOptions;
  logger?: MediaLogger;
}

/**
 * Divides an inclusive port range into `parts` disjoint ranges, so that workers never race each
 * other for a port. Throws when the range has fewer ports than parts.
 */
export function splitPortRange(range: [number, number], parts: number): [number, number][] {
  const [first, last] = range;
  const size = last - first + 1;
  if (parts < 1 || size < parts) {
    throw new RangeError(`The UDP port range ${first}–${last} has ${size} ports, fewer than the ${parts} media workers`);
  }
  const share = Math.floor(size / parts);
  return Array.from({ length: parts }, (_, index) => [first + index * share, index === parts - 1 ? last : first + (index + 1) * share - 1]);
}

interface PendingCall {
  roomId: string | null;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

interface WorkerSlot {
  index: number;
  options: WorkerEngineOptions;
  worker: Worker;
  ready: Promise<void>;
  pending: Map<number, PendingCall>;
  /** Set when the engine itself ends the worker. */
  isStopping: boolean;
  /** Set once the thread has ended: nothing sent to it would ever be answered. */
  isExited: boolean;
}

interface RoomEntry {
  input: OpenRoomInput;
  slot: WorkerSlot;
  /** The state as the worker last reported it; null until the room is open. */
  state: MediaRoomState | null;
  /** While the room is re-opened after its worker failed, calls wait for this. */
  reopening: Promise<void> | null;
}

/** Source runs (vitest, tsx) load the worker's TypeScript through tsx; built runs load the compiled file. */
function workerSource(): { entry: URL; tsLoader?: string } {
  const isSource = import.meta.url.endsWith('.ts');
  const entry = new URL(isSource ? './media-worker.ts' : './media-worker.js', import.meta.url);
  if (!isSource) {
    return { entry };
  }
  // tsx's ES-module API (its CommonJS twin registers hooks by a path that does not exist); it sits beside the .cjs that require resolves.
  const tsLoader = pathToFileURL(
    createRequire(import.meta.url)
      .resolve('tsx/esm/api')
      .replace(/\.cjs$/, '.mjs'),
  ).href;
  return { entry, tsLoader };
}

const LOOP_DELAY_TIMEOUT_MS = 2000;

const SOURCE_BOOTSTRAP = `
const { workerData } = require('node:worker_threads');
import(workerData.tsLoader).then(({ register }) => {
  register();
  return import(workerData.entry);
});
`;

/**
 * The werift engine in worker threads: media (RTP, SRTP, recording) runs off the app's thread, so
 * HTTP and the live sockets keep their own event loop however many sessions run, and rooms spread
 * over the machine's cores. Rooms are placed on the worker with the fewest; the state of each room
 * is mirrored here from the worker's replies and events, so `getRoomState()` answers at once.
 *
 * A worker that fails (an uncaught error in werift) is replaced: its rooms are opened again on the
 * new worker, their peers reported as lost (they rejoin with the same link, in a new segment) and
 * recording switched back on where it was. The segment the failed worker was writing stays as its
 * `.partial.webm` for the recovery at the next start.
 */
export class WorkerMediaEngine implements MediaEngine {
  readonly maxInspectors: number;
  private readonly logger: MediaLogger;
  private readonly slotOptions: WorkerEngineOptions[];
  /** By index; a worker starts when the first room that needs it is opened. */
  private readonly slots: (WorkerSlot | null)[];
  private readonly rooms = new Map<string, RoomEntry>();
  private readonly listeners = new MediaEngineListeners((error, event) =>
    this.logger.error({ err: error, event: event.type }, 'media engine listener failed'),
  );
  private nextCallId = 1;
  private isClosed = false;

  constructor(options: WorkerMediaEngineOptions) {
    if (!Number.isInteger(options.workers) || options.workers < 1) {
      throw new RangeError(`WorkerMediaEngine needs at least one worker, got ${options.workers}`);
    }
    this.maxInspectors = options.engine.maxInspectors ?? 4;
    this.logger = options.logger ?? silentLogger;
    const portRange = options.engine.ice?.portRange;
    const ranges = portRange ? splitPortRange(portRange, options.workers) : null;
    this.slotOptions = Array.from({ length: options.workers }, (_, index) =>
      ranges ? { ...options.engine, ice: { ...options.engine.ice, portRange: ranges[index] } } : options.engine,
    );
    this.slots = this.slotOptions.map(() => null);
  }

  onEvent(listener: MediaEngineListener): () => void {
    return this.listeners.add(listener);
  }

  async openRoom(input: OpenRoomInput): Promise<void> {
    assertEngineOpen(this.isClosed);
    if (this.rooms.has(input.roomId)) {
      throw new MediaEngineError('MEDIA_ROOM_EXISTS', `Media room ${input.roomId} is already open`);
    }
    const slot = this.placeRoom();
    const entry: RoomEntry = { input, slot, state: null, reopening: null };
    this.rooms.set(input.roomId, entry);
    try {
      await this.send(slot, 'openRoom', input.roomId, [input]);
    } catch (error) {
      if (this.rooms.get(input.roomId) === entry) {
        this.rooms.delete(input.roomId);
      }
      throw error;
    }
  }

  async join(input: JoinInput): Promise<JoinResult> {
    assertEngineOpen(this.isClosed);
    return (await this.callRoom(input.roomId, 'join', [input])) as JoinResult;
  }

  async leave(roomId: string, peerId: string): Promise<void> {
    await this.callRoom(roomId, 'leave', [roomId, peerId]);
  }

  async startRecording(roomId: string): Promise<void> {
    await this.callRoom(roomId, 'startRecording', [roomId]);
  }

  async stopRecording(roomId: string): Promise<RecordingSegment[]> {
    return (await this.callRoom(roomId, 'stopRecording', [roomId])) as RecordingSegment[];
  }

  requestKeyframe(roomId: string): void {
    const entry = this.getRoom(roomId);
    entry.slot.worker.postMessage({ type: 'keyframe', roomId } satisfies ToWorker);
  }

  async sendToPeer(roomId: string, peerId: string, message: string): Promise<boolean> {
    return (await this.callRoom(roomId, 'sendToPeer', [roomId, peerId, message])) as boolean;
  }

  getRoomState(roomId: string): MediaRoomState {
    const state = this.getRoom(roomId).state;
    if (!state) {
      throw new MediaEngineError('MEDIA_ROOM_NOT_FOUND', `Media room ${roomId} is still opening`);
    }
    return structuredClone(state);
  }

  async closeRoom(roomId: string): Promise<RecordingSegment[]> {
    const entry = this.getRoom(roomId);
    try {
      return (await this.callRoom(roomId, 'closeRoom', [roomId])) as RecordingSegment[];
    } finally {
      if (this.rooms.get(roomId) === entry) {
        this.rooms.delete(roomId);
      }
    }
  }

  async close(): Promise<void> {
    if (this.isClosed) {
      return;
    }
    this.isClosed = true;
    const slots = this.startedSlots();
    await Promise.all(
      slots.map(async (slot) => {
        await this.send(slot, 'close', null, []).catch((error: unknown) =>
          this.logger.error({ err: error, worker: slot.index }, 'media worker did not close cleanly'),
        );
        slot.isStopping = true;
        await slot.worker.terminate();
      }),
    );
    this.rooms.clear();
    this.listeners.clear();
  }

  /**
   * Each started worker's event-loop delay since the last call (for `/metrics` and the benchmark);
   * empty before the first room. A worker that does not answer within 2 s is left out.
   */
  async loopDelays(): Promise<Array<LoopDelay & { worker: number }>> {
    const answers = await Promise.all(
      this.startedSlots().map((slot) =>
        this.request(slot, null, (id) => ({ type: 'loop-delay', id }), LOOP_DELAY_TIMEOUT_MS).then(
          (delay) => ({ ...(delay as LoopDelay), worker: slot.index }),
          () => null,
        ),
      ),
    );
    return answers.filter((answer) => answer !== null);
  }

  /** The number of worker threads the engine may start. */
  get workerCount(): number {
    return this.slotOptions.length;
  }

  private startedSlots(): WorkerSlot[] {
    return this.slots.filter((slot) => slot !== null);
  }

  /**
   * The worker for a new room: the one with the fewest rooms. An idle worker is used before another
   * starts, and another starts before a busy one takes a second room, so rooms spread over the
   * cores while a quiet zone runs one thread.
   */
  private placeRoom(): WorkerSlot {
    const load = (slot: WorkerSlot): number => [...this.rooms.values()].filter((room) => room.slot === slot).length;
    const started = this.startedSlots();
    const quietest = started.length > 0 ? started.reduce((best, candidate) => (load(candidate) < load(best) ? candidate : best)) : null;
    const unstarted = this.slots.indexOf(null);
    if (quietest && (load(quietest) === 0 || unstarted === -1)) {
      return quietest;
    }
    const slot = this.startWorker(unstarted, this.slotOptions[unstarted] ?? {});
    this.slots[unstarted] = slot;
    return slot;
  }

  private startWorker(index: number, options: WorkerEngineOptions): WorkerSlot {
    const source = workerSource();
    const workerData: MediaWorkerData = { engine: options, tsLoader: source.tsLoader, entry: source.entry.href };
    const worker = source.tsLoader
      ? new Worker(SOURCE_BOOTSTRAP, { eval: true, workerData, name: `media-${index}` })
      : new Worker(source.entry, { workerData, name: `media-${index}` });
    let isReady = false;
    let markReady: () => void = () => undefined;
    let markFailed: (error: Error) => void = () => undefined;
    const ready = new Promise<void>((resolve, reject) => {
      markReady = () => {
        isReady = true;
        resolve();
      };
      markFailed = reject;
    });
    ready.catch(() => undefined);
    // The app's server keeps the process alive; a forgotten engine must not.
    worker.unref();
    const slot: WorkerSlot = { index, options, worker, ready, pending: new Map(), isStopping: false, isExited: false };
    worker.on('message', (message: FromWorker) => this.receive(slot, message, markReady));
    worker.on('error', (error) => {
      this.logger.error({ err: error, worker: index }, 'media worker failed');
    });
    worker.on('exit', (code) => {
      const error = new MediaEngineError('MEDIA_ENGINE_CLOSED', `Media worker ${index} stopped (exit code ${code})`);
      slot.isExited = true;
      markFailed(error);
      for (const call of slot.pending.values()) {
        call.reject(error);
      }
      slot.pending.clear();
      // A worker that never started (a broken build) is not restarted over and over: its calls fail.
      if (isReady && !slot.isStopping && !this.isClosed) {
        this.replaceWorker(slot, code);
      }
    });
    return slot;
  }

  private receive(slot: WorkerSlot, message: FromWorker, markReady: () => void): void {
    switch (message.type) {
      case 'ready':
        markReady();
        return;
      case 'log':
        this.logger[message.level]({ ...message.details, worker: slot.index }, message.message);
        return;
      case 'loop-delay': {
        const call = slot.pending.get(message.id);
        slot.pending.delete(message.id);
        call?.resolve(message.delay);
        return;
      }
      case 'reply': {
        const call = slot.pending.get(message.id);
        slot.pending.delete(message.id);
        if (call?.roomId) {
          this.mirror(call.roomId, slot, message.room);
        }
        if (message.result.ok) {
          call?.resolve(message.result.value);
        } else {
          const { code, message: text } = message.result;
          call?.reject(code ? new MediaEngineError(code, text) : new Error(text));
        }
        return;
      }
      case 'event':
        this.mirror(message.event.roomId, slot, message.room);
        this.emit(message.event);
        return;
    }
  }

  private mirror(roomId: string, slot: WorkerSlot, state: MediaRoomState | null): void {
    const entry = this.rooms.get(roomId);
    if (entry && entry.slot === slot && state) {
      entry.state = state;
    }
  }

  /** A worker stopped by itself: its rooms move to a new worker in its place. */
  private replaceWorker(failed: WorkerSlot, code: number): void {
    this.logger.error({ worker: failed.index, exitCode: code }, 'media worker stopped; starting a new one and reopening its rooms');
    const slot = this.startWorker(failed.index, failed.options);
    this.slots[failed.index] = slot;
    for (const [roomId, entry] of this.rooms) {
      if (entry.slot !== failed) {
        continue;
      }
      const before = entry.state;
      entry.slot = slot;
      // Until the new worker answers: the room is there, nobody is connected, recording as it was.
      entry.state = before ? { ...before, peers: [], activeSegment: null } : null;
      const at = new Date();
      for (const peer of before?.peers ?? []) {
        this.emit({ type: 'peer-left', roomId, peerId: peer.peerId, role: peer.role, reason: 'connection-lost', at });
      }
      if (before?.isRecording) {
        this.emit({ type: 'recording-error', roomId, message: 'The media server restarted; recording goes on when the phone rejoins', at });
      }
      if (before?.activeSegment) {
        // The new worker starts the next segment; the one the dead worker was writing is left for the app to finalise.
        this.emit({ type: 'recording-interrupted', roomId, segmentIndex: before.activeSegment.index, at });
      }
      entry.reopening = (async () => {
        try {
          await this.send(slot, 'openRoom', roomId, [entry.input]);
          if (before?.isRecording) {
            await this.send(slot, 'startRecording', roomId, [roomId]);
          }
        } catch (error) {
          this.logger.error({ err: error, roomId }, 'media room could not be reopened');
          this.rooms.delete(roomId);
        } finally {
          entry.reopening = null;
        }
      })();
    }
  }

  private async callRoom(roomId: string, method: WorkerCallMethod, args: unknown[]): Promise<unknown> {
    const entry = this.getRoom(roomId);
    if (entry.reopening) {
      await entry.reopening;
    }
    return this.send(this.getRoom(roomId).slot, method, roomId, args);
  }

  private async send(slot: WorkerSlot, method: WorkerCallMethod, roomId: string | null, args: unknown[]): Promise<unknown> {
    await slot.ready;
    return this.request(slot, roomId, (id) => ({ type: 'call', id, method, roomId, args }));
  }

  /**
   * Posts a message that the worker answers, and waits for the answer; fails at once if the worker
   * has ended, and after `timeoutMs` when given.
   */
  private request(slot: WorkerSlot, roomId: string | null, message: (id: number) => ToWorker, timeoutMs?: number): Promise<unknown> {
    if (slot.isExited) {
      return Promise.reject(new MediaEngineError('MEDIA_ENGINE_CLOSED', `Media worker ${slot.index} has stopped`));
    }
    return new Promise((resolve, reject) => {
      const id = this.nextCallId++;
      const timer =
        timeoutMs === undefined
          ? undefined
          : setTimeout(() => {
              slot.pending.delete(id);
              reject(new Error(`Media worker ${slot.index} did not answer within ${timeoutMs} ms`));
            }, timeoutMs);
      slot.pending.set(id, {
        roomId,
        resolve: (value) => {
          clearTimeout(timer);
          resolve(value);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
      slot.worker.postMessage(message(id));
    });
  }

  private getRoom(roomId: string): RoomEntry {
    return findRoom(this.rooms, roomId);
  }

  private emit(event: MediaEngineEvent): void {
    this.listeners.emit(event);
  }
}
