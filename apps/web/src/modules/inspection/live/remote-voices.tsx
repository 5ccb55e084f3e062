import { useEffect, useRef } from 'react';
import type { RemoteTrack } from './peer-connection';

/**
 * Plays the inspectors' voices: one element per receive slot, so a late inspector is heard at once
 * (the slot's m-line exists from the start; its track simply starts carrying sound).
 */
export function RemoteVoices({ tracks, isMuted = false }: { tracks: RemoteTrack[]; isMuted?: boolean }) {
  return (
    <div hidden>
      {tracks
        .filter((remote) => remote.carries === 'inspector-microphone')
        .map((remote) => (
          <RemoteAudio key={remote.track.id} track={remote.track} isMuted={isMuted} />
        ))}
    </div>
  );
}

function RemoteAudio({ track, isMuted }: { track: MediaStreamTrack; isMuted: boolean }) {
  const audioRef = useRef<HTMLAudioElement>(null);
  useEffect(() => {
    const audio = audioRef.current;
    if (!audio) return;
    audio.srcObject = new MediaStream([track]);
    void audio.play().catch(() => undefined);
  }, [track]);
  return <audio ref={audioRef} autoPlay muted={isMuted} />;
}
