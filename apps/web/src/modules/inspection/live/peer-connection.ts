import type { LiveConfig, LiveRole, LiveTransceiverSlot } from '@yuanqu/shared';

/**
 * The peer connection of a live inspection, built in the fixed layout of the server's media engine
 * (apps/server/src/modules/inspection/media/README.md, `describeTransceiverLayout`): every stream
 * that may ever flow has its m-line from the start, so nobody renegotiates — a late inspector, a
 * phone that rejoins or switches camera all land on m-lines that already exist.
 */
export interface RemoteTrack {
  carries: LiveTransceiverSlot['carries'];
  inspectorSlot: number | null;
  track: MediaStreamTrack;
}

export interface PeerConnectionParts {
  pc: RTCPeerConnection;
  /** The `ref` of the `join` that carries this connection's offer; its `answer` echoes it. */
  ref: string;
  /** The sender of the phone's camera (phone only). */
  cameraSender: RTCRtpSender | null;
  /** The sender of the own microphone (phone and inspector). */
  microphoneSender: RTCRtpSender | null;
  /** The `control` data channel the media engine may use for messages that are not media. */
  control: RTCDataChannel;
  remoteTracks: RemoteTrack[];
}

/**
 * The layout as the media engine describes it, for when the server's `welcome` does not carry one:
 * phone — camera and microphone sent, then one received voice per inspector slot; inspector — the
 * phone's camera and microphone received, the own microphone sent, then the inspector slots.
 */
export function describeTransceiverLayout(role: LiveRole, maxInspectors: number): LiveTransceiverSlot[] {
  const inspectorSlots: LiveTransceiverSlot[] = Array.from({ length: maxInspectors }, (_, inspectorSlot) => ({
    kind: 'audio',
    direction: 'recvonly',
    carries: 'inspector-microphone',
    inspectorSlot,
  }));
  if (role === 'phone') {
    return [
      { kind: 'video', direction: 'sendonly', carries: 'phone-camera' },
      { kind: 'audio', direction: 'sendonly', carries: 'phone-microphone' },
      ...inspectorSlots,
    ];
  }
  return [
    { kind: 'video', direction: 'recvonly', carries: 'phone-camera' },
    { kind: 'audio', direction: 'recvonly', carries: 'phone-microphone' },
    { kind: 'audio', direction: 'sendonly', carries: 'own-microphone' },
    ...inspectorSlots,
  ];
}

export function buildPeerConnection({
  role,
  config,
  localTracks,
  ref,
}: {
  role: LiveRole;
  config: LiveConfig;
  localTracks: { camera?: MediaStreamTrack | null; microphone?: MediaStreamTrack | null };
  ref: string;
}): PeerConnectionParts {
  const pc = new RTCPeerConnection({
    iceServers: config.iceServers.map((server) => ({
      urls: server.urls,
      ...(server.username ? { username: server.username } : {}),
      ...(server.credential ? { credential: server.credential } : {}),
    })),
    bundlePolicy: 'max-bundle',
  });
  const layout = config.layout.length > 0 ? config.layout : describeTransceiverLayout(role, config.maxInspectors);
  const localStream = new MediaStream(
    [localTracks.camera, localTracks.microphone].filter((track): track is MediaStreamTrack => Boolean(track)),
  );
  let cameraSender: RTCRtpSender | null = null;
  let microphoneSender: RTCRtpSender | null = null;
  const remoteTracks: RemoteTrack[] = [];

  for (const slot of layout) {
    if (slot.direction === 'sendonly') {
      const track = slot.kind === 'video' ? (localTracks.camera ?? null) : (localTracks.microphone ?? null);
      // Without a track yet the m-line still exists; `replaceTrack` fills it later.
      const transceiver = track
        ? pc.addTransceiver(track, { direction: 'sendonly', streams: [localStream] })
        : pc.addTransceiver(slot.kind, { direction: 'sendonly' });
      if (slot.carries === 'phone-camera') cameraSender = transceiver.sender;
      else microphoneSender = transceiver.sender;
    } else {
      const transceiver = pc.addTransceiver(slot.kind, { direction: 'recvonly' });
      remoteTracks.push({ carries: slot.carries, inspectorSlot: slot.inspectorSlot ?? null, track: transceiver.receiver.track });
    }
  }
  const control = pc.createDataChannel('control');
  return { pc, ref, cameraSender, microphoneSender, control, remoteTracks };
}

/** How long to wait for ICE gathering before offering the candidates found so far. */
const GATHERING_TIMEOUT_MS = 8_000;

/**
 * A complete offer: the server takes no trickled candidates, so the offer waits until gathering is
 * done (or, on a network where a STUN/TURN server never answers, until the timeout).
 */
export async function createCompleteOffer(pc: RTCPeerConnection, timeoutMs = GATHERING_TIMEOUT_MS): Promise<string> {
  await pc.setLocalDescription(await pc.createOffer());
  if (pc.iceGatheringState !== 'complete') {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, timeoutMs);
      function done() {
        clearTimeout(timer);
        pc.removeEventListener('icegatheringstatechange', check);
        resolve();
      }
      function check() {
        if (pc.iceGatheringState === 'complete') done();
      }
      pc.addEventListener('icegatheringstatechange', check);
    });
  }
  const sdp = pc.localDescription?.sdp;
  if (!sdp) throw new Error('The browser made no offer');
  return sdp;
}
