import { RTCPeerConnection } from 'werift';
import { describeTransceiverLayout, type MediaPeerRole } from './media-engine.js';

/** The werift engine's ICE pinned to 127.0.0.1, for tests on one machine. */
export const loopbackIce = {
  additionalHostAddresses: ['127.0.0.1'],
  interfaceAddresses: { udp4: '127.0.0.1' },
  useIpv6: false,
  onlyAddresses: ['127.0.0.1'],
};

/** A complete offer as a browser following the layout would make it (werift stands in for the browser; no media flows). */
export async function makeOffer(
  role: MediaPeerRole,
  slots: number,
  layoutOverride?: { kind: 'audio' | 'video'; direction: 'sendonly' | 'recvonly' }[],
): Promise<{ sdp: string; close: () => Promise<void> }> {
  const pc = new RTCPeerConnection({
    iceServers: [],
    iceAdditionalHostAddresses: ['127.0.0.1'],
    iceInterfaceAddresses: { udp4: '127.0.0.1' },
    iceUseIpv6: false,
  });
  for (const slot of layoutOverride ?? describeTransceiverLayout(role, slots)) {
    pc.addTransceiver(slot.kind, { direction: slot.direction });
  }
  await pc.setLocalDescription(await pc.createOffer());
  if (pc.iceGatheringState !== 'complete') {
    await pc.iceGatheringStateChange.watch((state) => state === 'complete', 10_000).catch(() => undefined);
  }
  const sdp = pc.localDescription?.sdp ?? '';
  return { sdp, close: () => pc.close() };
}
