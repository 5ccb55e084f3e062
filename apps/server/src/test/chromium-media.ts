import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

/*
 * What the media tests share: Debian's Chromium with a fake camera and microphone that may connect
 * over loopback, a 720p camera made with ffmpeg, and ffprobe. Without Chromium or ffprobe those
 * tests skip themselves (`mediaSkipReason`).
 */

export const CHROMIUM_PATH = '/usr/bin/chromium';
export const hasFfprobe = spawnSync('ffprobe', ['-version']).status === 0;
export const hasFfmpeg = spawnSync('ffmpeg', ['-version']).status === 0;
/** Why a media test cannot run here, or null. */
export const mediaSkipReason = !fs.existsSync(CHROMIUM_PATH) ? `${CHROMIUM_PATH} is missing` : !hasFfprobe ? 'ffprobe is missing' : null;
/** The fake camera's frame rate. */
export const CAMERA_FPS = 30;

/**
 * Launches Chromium whose fake camera plays a 2 s 1280×720 test pattern made with ffmpeg in
 * `workDir` (without ffmpeg, Chromium's own 640×480 fake camera).
 */
export async function launchChromiumWithCamera(workDir: string): Promise<Browser> {
  const args = [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--use-fake-ui-for-media-stream',
    '--use-fake-device-for-media-stream',
    '--allow-loopback-in-peer-connection',
    '--autoplay-policy=no-user-gesture-required',
  ];
  if (hasFfmpeg) {
    const camera = path.join(workDir, 'camera-720p.y4m');
    const made = spawnSync('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', `testsrc2=size=1280x720:rate=${CAMERA_FPS}`, '-t', '2', '-pix_fmt', 'yuv420p', '-y', camera]);
    if (made.status === 0) args.push(`--use-file-for-fake-video-capture=${camera}`);
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, args });
}

export interface FfprobeOutput {
  streams: Array<{ codec_type: string; codec_name: string; width?: number; height?: number; duration?: string }>;
  format: { duration: string; size?: string; format_name?: string };
}

/** `ffprobe -show_streams -show_format` of a file, parsed. */
export function ffprobe(file: string): FfprobeOutput {
  const result = spawnSync('ffprobe', ['-v', 'error', '-show_streams', '-show_format', '-of', 'json', file], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`ffprobe failed on ${file}: ${result.stderr}`);
  return JSON.parse(result.stdout) as FfprobeOutput;
}

/** Polls `probe` every 250 ms until it gives a value (not null, undefined or false); fails naming `what` after `timeoutMs`. */
export async function waitUntil<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown = null;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== null && value !== undefined && value !== false) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}

/**
 * Waits until a live-test page (live-test-page.html) has decoded `frames` more of the phone's frames:
 * that much video went through the server however slowly a busy machine delivers it, which a fixed
 * sleep cannot promise.
 */
export async function videoAdvances(page: Page, frames: number, timeoutMs = 60_000): Promise<void> {
  const decoded = async () => ((await page.evaluate('window.live.stats()')) as { framesDecoded: number }).framesDecoded;
  const target = (await decoded()) + frames;
  await waitUntil(`${frames} more decoded frames`, async () => (await decoded()) >= target, timeoutMs);
}
