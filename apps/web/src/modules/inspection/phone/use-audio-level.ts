import { useEffect, useState } from 'react';

/**
 * The loudness of a microphone track, 0–1, for the level meter of the pre-check (so the applicant
 * sees that the phone hears them). Updated about 12 times a second.
 */
export function useAudioLevel(track: MediaStreamTrack | null): number {
  const [level, setLevel] = useState(0);
  useEffect(() => {
    if (!track || typeof AudioContext === 'undefined') return undefined;
    const context = new AudioContext();
    const source = context.createMediaStreamSource(new MediaStream([track]));
    const analyser = context.createAnalyser();
    analyser.fftSize = 1024;
    source.connect(analyser);
    const samples = new Float32Array(analyser.fftSize);
    let frame = 0;
    let last = 0;
    const tick = (time: number) => {
      frame = requestAnimationFrame(tick);
      if (time - last < 80) return;
      last = time;
      analyser.getFloatTimeDomainData(samples);
      let sum = 0;
      for (const sample of samples) sum += sample * sample;
      const rms = Math.sqrt(sum / samples.length);
      // Speech at arm's length is about 0.02–0.2 RMS; a square root spreads it over the bar.
      setLevel(Math.min(1, Math.sqrt(rms * 5)));
    };
    // iOS starts an AudioContext suspended unless a tap started it; the "check" button was that tap.
    void context.resume();
    frame = requestAnimationFrame(tick);
    return () => {
      cancelAnimationFrame(frame);
      source.disconnect();
      void context.close();
    };
  }, [track]);
  return level;
}
