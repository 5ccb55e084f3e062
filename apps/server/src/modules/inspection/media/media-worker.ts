/**
 * One worker thread of `WorkerMediaEngine`: a `WeriftMediaEngine` of its own, driven by messages
 * (worker-protocol.ts). Each reply and event carries its room's state, which the app's thread keeps
 * so that `getRoomState()` can answer at once.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import { MediaEngineError, type MediaRoomState } from './media-engine.js';
import type { MediaLogger } from './segment-recorder.js';
import { WeriftMediaEngine } from './werift-engine.js';
import type { FromWorker, MediaWorkerData, ToWorker } from './worker-protocol.js';

const port = parentPort;
if (!port) {
  throw new Error('media-worker.ts runs as a worker thread of WorkerMediaEngine');
}
const post = (message: FromWorker): void => port.postMessage(message);

function log(level: 'info' | 'warn' | 'error', details: object, message: string): void {
  try {
    post({ type: 'log', level, details, message });
  } catch {
    // Details that do not clone (a socket, a function) are reduced to their text.
    post({ type: 'log', level, details: { details: String(details) }, message });
  }
}

const logger: MediaLogger = {
  info: (details, message) => log('info', details, message),
  warn: (details, message) => log('warn', details, message),
  error: (details, message) => log('error', details, message),
};

const { engine: options } = workerData as MediaWorkerData;
const engine = new WeriftMediaEngine({ ...options, logger });
const loopDelay = monitorEventLoopDelay({ resolution: 10 });
loopDelay.enable();

function roomState(roomId: string | null): MediaRoomState | null {
  if (roomId === null) {
    return null;
  }
  try {
    return engine.getRoomState(roomId);
  } catch {
    return null;
  }
}

engine.onEvent((event) => post({ type: 'event', event, room: roomState(event.roomId) }));

async function call(message: Extract<ToWorker, { type: 'call' }>): Promise<unknown> {
  const [first, second, third] = message.args as [never, never, never];
  switch (message.method) {
    case 'openRoom':
      return engine.openRoom(first);
    case 'join':
      return engine.join(first);
    case 'leave':
      return engine.leave(first, second);
    case 'startRecording':
      return engine.startRecording(first);
    case 'stopRecording':
      return engine.stopRecording(first);
    case 'sendToPeer':
      return engine.sendToPeer(first, second, third);
    case 'closeRoom':
      return engine.closeRoom(first);
    case 'close':
      return engine.close();
  }
}

port.on('message', (message: ToWorker) => {
  switch (message.type) {
    case 'call':
      void call(message).then(
        (value) => post({ type: 'reply', id: message.id, room: roomState(message.roomId), result: { ok: true, value } }),
        (error: unknown) =>
          post({
            type: 'reply',
            id: message.id,
            room: roomState(message.roomId),
            result: {
              ok: false,
              code: error instanceof MediaEngineError ? error.code : null,
              message: error instanceof Error ? error.message : String(error),
            },
          }),
      );
      return;
    case 'keyframe':
      try {
        engine.requestKeyframe(message.roomId);
      } catch {
        // The room closed meanwhile: nothing to ask for.
      }
      return;
    case 'loop-delay': {
      const toMs = (nanoseconds: number): number => Math.round(nanoseconds / 10_000) / 100;
      post({
        type: 'loop-delay',
        id: message.id,
        delay: { p50Ms: toMs(loopDelay.percentile(50)), p99Ms: toMs(loopDelay.percentile(99)), maxMs: toMs(loopDelay.max) },
      });
      loopDelay.reset();
      return;
    }
  }
});

post({ type: 'ready' });
