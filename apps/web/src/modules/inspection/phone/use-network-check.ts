import { useCallback, useState } from 'react';
import { getPhoneLiveConfig } from '../api';

export type NetworkQuality = 'good' | 'fair' | 'poor' | 'offline';

export interface NetworkCheck {
  state: 'idle' | 'checking' | 'done';
  quality: NetworkQuality | null;
  /** Median round trip to the server, ms. */
  roundTripMs: number | null;
  /** What the browser says of the link (`4g`, `3g` …), where it tells. */
  effectiveType: string | null;
  /** Whether the browser can make a video call at all (WebRTC). */
  hasWebRtc: boolean;
  /** Whether a relay or a public address was found for the call (false on a closed network: a TURN server is needed). */
  canReachOut: boolean | null;
}

const INITIAL: NetworkCheck = {
  state: 'idle',
  quality: null,
  roundTripMs: null,
  effectiveType: null,
  hasWebRtc: typeof RTCPeerConnection !== 'undefined',
  canReachOut: null,
};

async function measureRoundTrip(): Promise<number | null> {
  const times: number[] = [];
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const started = performance.now();
    try {
      const response = await fetch(`/healthz?t=${Date.now()}`, { cache: 'no-store' });
      if (!response.ok) continue;
      times.push(performance.now() - started);
    } catch {
      // Counted as missing.
    }
  }
  if (times.length === 0) return null;
  times.sort((a, b) => a - b);
  return Math.round(times[Math.floor(times.length / 2)] ?? 0);
}

/** Gathers candidates with the session's STUN/TURN servers: a relay or public address means the call can get out. */
async function probeIce(token: string): Promise<boolean | null> {
  if (typeof RTCPeerConnection === 'undefined') return null;
  let iceServers: RTCIceServer[];
  try {
    iceServers = (await getPhoneLiveConfig(token)).iceServers;
  } catch {
    return null;
  }
  // Without STUN or TURN only the phone's own addresses exist, which tells nothing.
  if (iceServers.length === 0) return null;
  const pc = new RTCPeerConnection({ iceServers });
  try {
    pc.createDataChannel('probe');
    await pc.setLocalDescription(await pc.createOffer());
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 5_000);
      pc.addEventListener('icegatheringstatechange', () => {
        if (pc.iceGatheringState === 'complete') {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    return /typ (srflx|relay)/.test(pc.localDescription?.sdp ?? '');
  } finally {
    pc.close();
  }
}

function qualityOf(roundTripMs: number | null, effectiveType: string | null): NetworkQuality {
  if (roundTripMs === null) return 'offline';
  if (effectiveType === 'slow-2g' || effectiveType === '2g' || roundTripMs > 800) return 'poor';
  if (effectiveType === '3g' || roundTripMs > 300) return 'fair';
  return 'good';
}

/** The network check of the pre-check: round trip, link type, WebRTC, and whether the call can get out. */
export function useNetworkCheck(token: string) {
  const [check, setCheck] = useState<NetworkCheck>(INITIAL);
  const run = useCallback(async () => {
    setCheck((current) => ({ ...current, state: 'checking' }));
    const connection = (navigator as Navigator & { connection?: { effectiveType?: string } }).connection;
    const effectiveType = connection?.effectiveType ?? null;
    const [roundTripMs, canReachOut] = await Promise.all([measureRoundTrip(), probeIce(token)]);
    setCheck({
      state: 'done',
      quality: qualityOf(roundTripMs, effectiveType),
      roundTripMs,
      effectiveType,
      hasWebRtc: typeof RTCPeerConnection !== 'undefined',
      canReachOut,
    });
  }, [token]);
  return { network: check, runNetworkCheck: run };
}
