import type { LiveClientMessage, LiveRole, LiveServerMessage } from '@yuanqu/shared';
import { useCallback, useEffect, useReducer, useRef, useState } from 'react';
import { LiveClient, liveSocketUrl } from './live-client';
import { initialLiveRoomState, reduceLiveRoom } from './live-state';
import type { RemoteTrack } from './peer-connection';

/**
 * A live session as React state: joins while `isEnabled`, leaves on unmount. `onServerMessage`
 * sees every message as it arrives (the phone answers snapshot and camera requests there).
 */
export function useLiveRoom({
  socketPath,
  role,
  isEnabled,
  generation = 0,
  getLocalTracks,
  onServerMessage,
}: {
  socketPath: string;
  role: LiveRole;
  isEnabled: boolean;
  /** Changing it drops the connection and joins afresh ("reconnect now"). */
  generation?: number;
  getLocalTracks: () => { camera?: MediaStreamTrack | null; microphone?: MediaStreamTrack | null };
  onServerMessage?: (message: LiveServerMessage) => void;
}) {
  const [state, dispatch] = useReducer(reduceLiveRoom, initialLiveRoomState);
  const [remoteTracks, setRemoteTracks] = useState<RemoteTrack[]>([]);
  const clientRef = useRef<LiveClient | null>(null);
  const tracksRef = useRef(getLocalTracks);
  const handlerRef = useRef(onServerMessage);
  tracksRef.current = getLocalTracks;
  handlerRef.current = onServerMessage;

  useEffect(() => {
    if (!isEnabled) return undefined;
    const client = new LiveClient({
      url: liveSocketUrl(socketPath),
      role,
      getLocalTracks: () => tracksRef.current(),
      onMessage: (message) => {
        dispatch({ type: 'message', message, receivedAt: Date.now() });
        handlerRef.current?.(message);
      },
      onStatus: (status, detail) => dispatch({ type: 'status', status, detail }),
      onRemoteTracks: setRemoteTracks,
    });
    clientRef.current = client;
    dispatch({ type: 'status', status: 'connecting' });
    client.start();
    return () => {
      client.stop();
      if (clientRef.current === client) clientRef.current = null;
    };
  }, [isEnabled, socketPath, role, generation]);

  const send = useCallback((message: LiveClientMessage) => clientRef.current?.send(message) ?? false, []);
  const replaceTrack = useCallback(async (kind: 'camera' | 'microphone', track: MediaStreamTrack | null) => {
    await clientRef.current?.replaceTrack(kind, track);
  }, []);
  const getPeerConnection = useCallback(() => clientRef.current?.peerConnection ?? null, []);

  return { state, dispatch, remoteTracks, send, replaceTrack, getPeerConnection };
}

/** A short random id for a request the page makes (`request-snapshot`'s `requestId`, a `ref`). */
export function newRequestId(): string {
  const bytes = new Uint8Array(9);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (byte) => byte.toString(36).padStart(2, '0'))
    .join('')
    .slice(0, 16);
}
