import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MediaStreamTrack } from 'werift';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RtpPacketLike } from './rtp-frames.js';
import { finaliseSegmentFile, startSegmentWriter } from './segment-recorder.js';
import { sizeVint, WebmMuxer } from './webm-muxer.js';

const hasFfmpeg = spawnSync('ffmpeg', ['-version']).status === 0 && spawnSync('ffprobe', ['-version']).status === 0;

describe('sizeVint', () => {
  it('writes EBML sizes in the fewest bytes, keeping the all-ones value (unknown) out of reach', () => {
    expect([...sizeVint(0)]).toEqual([0x80]);
    expect([...sizeVint(126)]).toEqual([0xfe]);
    expect([...sizeVint(127)]).toEqual([0x40, 0x7f]);
    expect([...sizeVint(300)]).toEqual([0x41, 0x2c]);
    expect([...sizeVint(2 ** 21)]).toEqual([0x10, 0x20, 0x00, 0x00]);
  });
});

/** Frames of an IVF file (VP8 from ffmpeg). */
function readIvf(data: Buffer): Buffer[] {
  const frames: Buffer[] = [];
  for (let offset = data.readUInt16LE(6); offset + 12 <= data.length; ) {
    const size = data.readUInt32LE(offset);
    frames.push(data.subarray(offset + 12, offset + 12 + size));
    offset += 12 + size;
  }
  return frames;
}

/** Opus packets of an Ogg Opus file, its two header packets left out. */
function readOggOpus(data: Buffer): Buffer[] {
  const packets: Buffer[] = [];
  let pieces: Buffer[] = [];
  for (let offset = 0; offset + 27 <= data.length; ) {
    const count = data[offset + 26] as number;
    let body = offset + 27 + count;
    for (let index = 0; index < count; index += 1) {
      const lacing = data[offset + 27 + index] as number;
      pieces.push(data.subarray(body, body + lacing));
      body += lacing;
      if (lacing < 255) {
        packets.push(Buffer.concat(pieces));
        pieces = [];
      }
    }
    offset = body;
  }
  return packets.slice(2);
}

/** A stand-in for werift's track: what the writer subscribes to. */
function trackOf(): { track: MediaStreamTrack; send: (packet: RtpPacketLike) => void } {
  let listener: ((packet: RtpPacketLike) => void) | null = null;
  const track = {
    onReceiveRtp: {
      subscribe: (callback: (packet: RtpPacketLike) => void) => {
        listener = callback;
        return { unSubscribe: () => (listener = null) };
      },
    },
  } as unknown as MediaStreamTrack;
  return { track, send: (packet) => listener?.(packet) };
}

function probe(path: string): { streams: { codec_name: string; width?: number; height?: number; nb_read_frames?: string }[]; format: { duration: string } } {
  const result = spawnSync('ffprobe', ['-v', 'error', '-count_frames', '-show_streams', '-show_format', '-of', 'json', path], { encoding: 'utf8' });
  expect(result.status, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as ReturnType<typeof probe>;
}

/** ffmpeg decodes every frame of the file; its complaints, if any. */
function decodeErrors(path: string): string {
  return spawnSync('ffmpeg', ['-v', 'error', '-i', path, '-f', 'null', '-'], { encoding: 'utf8' }).stderr.trim();
}

describe.skipIf(!hasFfmpeg)('a recording written from RTP (ffmpeg checks the file)', () => {
  let folder: string;
  let videoFrames: Buffer[];
  let opusPackets: Buffer[];

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'yuanqu-webm-'));
    const video = join(folder, 'clip.ivf');
    const audio = join(folder, 'clip.opus');
    const common = ['-v', 'error', '-y', '-f', 'lavfi'];
    expect(spawnSync('ffmpeg', [...common, '-i', 'testsrc2=size=320x240:rate=25', '-t', '4', '-c:v', 'libvpx', '-g', '25', '-b:v', '300k', video]).status).toBe(0);
    expect(spawnSync('ffmpeg', [...common, '-i', 'sine=frequency=440:sample_rate=48000', '-t', '4', '-c:a', 'libopus', '-frame_duration', '20', audio]).status).toBe(0);
    videoFrames = readIvf(await readFile(video));
    opusPackets = readOggOpus(await readFile(audio));
  });

  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  /**
   * Sends the clip as a phone would, 40 ms of it at a time: VP8 frames cut into packets of 300 bytes
   * (sequence numbers and timestamps about to wrap), Opus packets of 20 ms; the packets of every
   * tenth video frame arrive in reverse order.
   */
  async function sendClip(send: { video: (packet: RtpPacketLike) => void; audio: (packet: RtpPacketLike) => void }): Promise<void> {
    let videoSequence = 65_000;
    let audioSequence = 100;
    const steps = Math.max(videoFrames.length, Math.ceil(opusPackets.length / 2));
    for (let step = 0; step < steps; step += 1) {
      const frame = videoFrames[step];
      if (frame) {
        const packets: RtpPacketLike[] = [];
        for (let offset = 0; offset < frame.length; offset += 300) {
          packets.push({
            header: { sequenceNumber: videoSequence++ & 0xffff, timestamp: (2 ** 32 - 90_000 + step * 3_600) >>> 0, marker: offset + 300 >= frame.length, ssrc: 1 },
            payload: Buffer.concat([Buffer.from([offset === 0 ? 0x10 : 0x00]), frame.subarray(offset, offset + 300)]),
          });
        }
        for (const packet of step % 10 === 9 ? packets.reverse() : packets) send.video(packet);
      }
      for (const index of [step * 2, step * 2 + 1]) {
        const packet = opusPackets[index];
        if (packet) {
          send.audio({ header: { sequenceNumber: audioSequence++, timestamp: index * 960, marker: false, ssrc: 2 }, payload: packet });
        }
      }
      await new Promise((done) => setTimeout(done, 2));
    }
  }

  it('holds every frame of the picture and sound, with its duration, seekable before any remux', async () => {
    const video = trackOf();
    const audio = trackOf();
    const partialPath = join(folder, 'whole.partial.webm');
    const errors: Error[] = [];
    const writer = startSegmentWriter({
      partialPath,
      videoTrack: video.track,
      audioTrack: audio.track,
      width: 320,
      height: 240,
      flushIntervalMs: 1_000,
      onError: (error) => errors.push(error),
    });
    await sendClip({ video: video.send, audio: audio.send });
    await writer.stop();
    expect(errors).toEqual([]);

    const probed = probe(partialPath);
    expect(probed.streams.map((stream) => stream.codec_name)).toEqual(['vp8', 'opus']);
    expect(probed.streams[0]).toMatchObject({ width: 320, height: 240, nb_read_frames: String(videoFrames.length) });
    expect(Number(probed.streams[1]?.nb_read_frames)).toBe(opusPackets.length);
    expect(Number(probed.format.duration)).toBeGreaterThan(3.8);
    expect(Number(probed.format.duration)).toBeLessThan(4.3);
    expect(decodeErrors(partialPath)).toBe('');
    // Seeking to 2.1 s finds the keyframe of 2 s through the cues.
    const seek = spawnSync('ffprobe', ['-v', 'error', '-read_intervals', '2.1%+#1', '-select_streams', 'v', '-show_entries', 'packet=pts_time,flags', '-of', 'csv=p=0', partialPath], {
      encoding: 'utf8',
    });
    expect(seek.stdout.trim().split('\n')[0]).toMatch(/^2\.0\d*,K/);

    const final = await finaliseSegmentFile(partialPath, join(folder, 'whole.webm'), { ffmpegPath: 'ffmpeg' });
    expect(final.isRemuxed).toBe(true);
    expect(probe(final.path).streams.map((stream) => stream.nb_read_frames)).toEqual([String(videoFrames.length), String(opusPackets.length)]);
  });

  it('is readable up to where it stops when the process dies mid-block (no end written)', async () => {
    const blocks: Buffer[] = [];
    const muxer = new WebmMuxer([{ kind: 'video', width: 320, height: 240 }], (piece) => blocks.push(piece));
    videoFrames.slice(0, 60).forEach((frame, index) => muxer.addFrame(1, index * 40, ((frame[0] as number) & 0x01) === 0, frame));
    const cutPath = join(folder, 'cut.webm');
    await writeFile(cutPath, Buffer.concat(blocks));
    await truncate(cutPath, Buffer.concat(blocks).length - 100);
    const probed = probe(cutPath);
    expect(probed.streams[0]).toMatchObject({ codec_name: 'vp8', nb_read_frames: '59' });
    const remuxed = join(folder, 'cut-remuxed.webm');
    expect(spawnSync('ffmpeg', ['-v', 'error', '-i', cutPath, '-c', 'copy', remuxed]).status).toBe(0);
    expect(Number(probe(remuxed).format.duration)).toBeCloseTo(2.36, 1);
  });
});
