import { useCallback, useEffect, useRef, useState } from 'react';
import { classifyLocationError, classifyMediaError, type DeviceProblem } from './device-help';

export type CheckState = 'idle' | 'checking' | 'ok' | 'problem';

export interface DeviceCheck {
  state: CheckState;
  problem: DeviceProblem | null;
}

export type CameraFacing = 'environment' | 'user';

export interface CameraInfo extends DeviceCheck {
  facing: CameraFacing;
  width: number | null;
  height: number | null;
}

export interface LocationFix {
  latitude: number;
  longitude: number;
  accuracyMeters: number | null;
  at: number;
}

const IDLE: DeviceCheck = { state: 'idle', problem: null };

/** The rear camera at up to 720p: what the inspectors see and the server records (VP8, ~2 Mbps). */
function videoConstraints(facing: CameraFacing, isExact: boolean): MediaTrackConstraints {
  return {
    facingMode: isExact ? { exact: facing } : { ideal: facing },
    width: { ideal: 1280 },
    height: { ideal: 720 },
    frameRate: { ideal: 24, max: 30 },
  };
}

const AUDIO_CONSTRAINTS: MediaTrackConstraints = { echoCancellation: true, noiseSuppression: true, autoGainControl: true };

/** The side a camera track faces, as the browser reports it, or the side asked for. */
function facingOf(track: MediaStreamTrack | undefined, asked: CameraFacing): CameraFacing {
  const reported = track?.getSettings().facingMode;
  return reported === 'user' || reported === 'environment' ? reported : asked;
}

function hasMediaDevices(): boolean {
  return typeof navigator !== 'undefined' && Boolean(navigator.mediaDevices?.getUserMedia);
}

/**
 * The phone's camera, microphone and location for the pre-check and the call. `request()` asks
 * for all three (one prompt for camera and microphone where the browser allows); a refusal is
 * told apart per device so the page can say which switch to turn on. The camera stays open
 * between the pre-check and the call, so iOS does not ask again.
 */
export function usePhoneDevices() {
  const [camera, setCamera] = useState<CameraInfo>({ ...IDLE, facing: 'environment', width: null, height: null });
  const [microphone, setMicrophone] = useState<DeviceCheck>(IDLE);
  const [location, setLocation] = useState<DeviceCheck>(IDLE);
  const [fix, setFix] = useState<LocationFix | null>(null);
  const [stream, setStream] = useState<MediaStream | null>(null);
  const streamRef = useRef<MediaStream | null>(null);
  const watchRef = useRef<number | null>(null);

  const replaceStream = useCallback((next: MediaStream | null) => {
    streamRef.current = next;
    setStream(next);
  }, []);

  const describeCamera = useCallback((track: MediaStreamTrack | undefined, facing: CameraFacing) => {
    const settings = track?.getSettings() ?? {};
    setCamera({
      state: 'ok',
      problem: null,
      facing: facingOf(track, facing),
      width: settings.width ?? null,
      height: settings.height ?? null,
    });
  }, []);

  const watchLocation = useCallback(() => {
    if (!('geolocation' in navigator)) {
      setLocation({ state: 'problem', problem: window.isSecureContext ? 'unsupported' : 'insecure' });
      return;
    }
    if (watchRef.current !== null) navigator.geolocation.clearWatch(watchRef.current);
    setLocation({ state: 'checking', problem: null });
    watchRef.current = navigator.geolocation.watchPosition(
      (position) => {
        setLocation({ state: 'ok', problem: null });
        setFix({
          latitude: position.coords.latitude,
          longitude: position.coords.longitude,
          accuracyMeters: Number.isFinite(position.coords.accuracy) ? position.coords.accuracy : null,
          at: position.timestamp || Date.now(),
        });
      },
      (error) => setLocation({ state: 'problem', problem: classifyLocationError(error.code) }),
      { enableHighAccuracy: true, maximumAge: 5_000, timeout: 30_000 },
    );
  }, []);

  /** Asks for camera, microphone and location, and reports each. */
  const request = useCallback(async () => {
    watchLocation();
    if (!hasMediaDevices()) {
      const problem: DeviceProblem = window.isSecureContext ? 'unsupported' : 'insecure';
      setCamera((current) => ({ ...current, state: 'problem', problem }));
      setMicrophone({ state: 'problem', problem });
      return;
    }
    setCamera((current) => ({ ...current, state: 'checking', problem: null }));
    setMicrophone({ state: 'checking', problem: null });
    streamRef.current?.getTracks().forEach((track) => track.stop());
    try {
      const media = await navigator.mediaDevices.getUserMedia({ video: videoConstraints('environment', false), audio: AUDIO_CONSTRAINTS });
      replaceStream(media);
      describeCamera(media.getVideoTracks()[0], 'environment');
      setMicrophone({ state: 'ok', problem: null });
      return;
    } catch {
      // Both at once failed: ask for each alone to learn which one is refused or missing.
      const tracks: MediaStreamTrack[] = [];
      try {
        const video = await navigator.mediaDevices.getUserMedia({ video: videoConstraints('environment', false) });
        tracks.push(...video.getVideoTracks());
        describeCamera(video.getVideoTracks()[0], 'environment');
      } catch (videoError) {
        setCamera((current) => ({ ...current, state: 'problem', problem: classifyMediaError(videoError) }));
      }
      try {
        const audio = await navigator.mediaDevices.getUserMedia({ audio: AUDIO_CONSTRAINTS });
        tracks.push(...audio.getAudioTracks());
        setMicrophone({ state: 'ok', problem: null });
      } catch (audioError) {
        setMicrophone({ state: 'problem', problem: classifyMediaError(audioError) });
      }
      replaceStream(tracks.length > 0 ? new MediaStream(tracks) : null);
    }
  }, [describeCamera, replaceStream, watchLocation]);

  /**
   * Turns to the other camera. The old track stops first: most phones cannot open two cameras at
   * once. Returns the new track for `replaceTrack`, or null when the phone has no other camera.
   */
  const switchCamera = useCallback(async (): Promise<{ track: MediaStreamTrack; facing: CameraFacing } | null> => {
    const current = streamRef.current;
    const next: CameraFacing = camera.facing === 'environment' ? 'user' : 'environment';
    current?.getVideoTracks().forEach((track) => track.stop());
    for (const isExact of [true, false]) {
      try {
        const video = await navigator.mediaDevices.getUserMedia({ video: videoConstraints(next, isExact) });
        const track = video.getVideoTracks()[0];
        if (!track) continue;
        replaceStream(new MediaStream([track, ...(current?.getAudioTracks() ?? [])]));
        describeCamera(track, next);
        return { track, facing: facingOf(track, next) };
      } catch {
        // Try without `exact` (one camera, or a browser that does not know the facing).
      }
    }
    // Nothing else: reopen the camera that was there.
    try {
      const video = await navigator.mediaDevices.getUserMedia({ video: videoConstraints(camera.facing, false) });
      const track = video.getVideoTracks()[0];
      if (!track) return null;
      replaceStream(new MediaStream([track, ...(current?.getAudioTracks() ?? [])]));
      describeCamera(track, camera.facing);
      return { track, facing: facingOf(track, camera.facing) };
    } catch (error) {
      setCamera((state) => ({ ...state, state: 'problem', problem: classifyMediaError(error) }));
      return null;
    }
  }, [camera.facing, describeCamera, replaceStream]);

  // iOS ends the camera when another app takes it (a phone call): say so instead of a frozen picture.
  useEffect(() => {
    const track = stream?.getVideoTracks()[0];
    if (!track) return undefined;
    const onEnded = () => setCamera((state) => ({ ...state, state: 'problem', problem: 'busy' }));
    track.addEventListener('ended', onEnded);
    return () => track.removeEventListener('ended', onEnded);
  }, [stream]);

  useEffect(
    () => () => {
      streamRef.current?.getTracks().forEach((track) => track.stop());
      if (watchRef.current !== null) navigator.geolocation.clearWatch(watchRef.current);
    },
    [],
  );

  const getTracks = useCallback(
    () => ({ camera: streamRef.current?.getVideoTracks()[0] ?? null, microphone: streamRef.current?.getAudioTracks()[0] ?? null }),
    [],
  );

  return { camera, microphone, location, fix, stream, request, switchCamera, getTracks };
}
