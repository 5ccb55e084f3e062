// Child process of werift-engine.test.ts's crash test: runs a WeriftMediaEngine with one room and
// takes orders over IPC, so that the test can kill it with SIGKILL mid-recording.
// Started as `node --import tsx media-crash-harness.mjs <recording folder>`.
import { WeriftMediaEngine } from './werift-engine.ts';

const folder = process.argv[2];
if (!folder || !process.send) {
  throw new Error('usage: node --import tsx media-crash-harness.mjs <recording folder> (with an IPC channel)');
}

const engine = new WeriftMediaEngine({
  ice: { additionalHostAddresses: ['127.0.0.1'], interfaceAddresses: { udp4: '127.0.0.1' }, useIpv6: false, onlyAddresses: ['127.0.0.1'] },
  keyframeIntervalMs: 1000,
});
await engine.openRoom({ roomId: 'crash-room', recordingFolder: folder });
engine.onEvent((event) => {
  if (event.type === 'recording-segment-started') {
    process.send({ type: 'segment-started', partialPath: event.segment.partialPath, startedAt: event.segment.startedAt.getTime() });
  }
});

process.on('message', (message) => {
  if (message.type === 'join') {
    engine.join(message.input).then(
      (result) => process.send({ type: 'joined', id: message.id, answerSdp: result.answerSdp }),
      (error) => process.send({ type: 'joined', id: message.id, error: String(error) }),
    );
  } else if (message.type === 'start-recording') {
    void engine.startRecording('crash-room');
  }
});

process.send({ type: 'ready', maxInspectors: engine.maxInspectors });
