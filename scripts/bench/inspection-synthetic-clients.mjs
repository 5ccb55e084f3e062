// The light load generator of `npm run bench:inspection` (BENCH_CLIENTS=synthetic): the phones and the
// inspectors of the concurrent sessions as werift RTCPeerConnections in ONE Node process, instead of a
// Chromium page each, so that 10 recorded 720p sessions (10 phones + 20 inspectors) fit on a 2-core
// machine beside the server they measure.
//
// Each participant speaks the live protocol (packages/shared/src/inspection/live-protocol.ts) over
// the app's WebSocket as scripts/bench/inspection-page.mjs does: welcome → transceivers from
// welcome.config.layout (directions set explicitly) → complete offer (ICE gathering done, no trickle)
// → `join` → answer. The peer connections use VP8 + Opus with the mid header extension only (no
// TWCC, like the server), host candidates on 127.0.0.1 only and no STUN server (nothing leaves the
// machine).
//
// Media: real encoded media, not decoded or re-encoded here.
//  - makeClip() (run by the benchmark before the server starts) has Debian's ffmpeg encode once a
//    1280×720 30 fps VP8 clip with libvpx in CBR at a phone's bitrate (2 Mbit/s, a keyframe every 3 s,
//    no alt-ref frames, as a real-time encoder sends) from a moving test picture with temporal noise
//    (so that the encoder spends its bits as on a camera's picture), into an IVF file, and a mono
//    Opus clip (32 kbit/s, 20 ms frames, pink noise) into an Ogg file.
//  - The load generator reads both files, packetises them itself (RFC 7741 VP8 payload descriptor with
//    a 15-bit picture id as Chrome sends it, ≤ 1160-byte payloads, marker bit on each frame's last
//    packet; one Opus packet per RTP packet) and writes the packets at real-time pace (frames at their
//    30 fps times, each frame's packets spread at 2.5 × the clip's bitrate as Chrome's pacer does,
//    video timestamps at whole milliseconds like libwebrtc's, audio every 20 ms, looping the clip with
//    sequence numbers, timestamps and picture ids running on)
//    into werift `MediaStreamTrack.writeRtp()`, whose sender sets the negotiated
//    payload type and SSRC. A phone sends the video and the audio clip; an inspector sends the audio
//    clip as its microphone. A phone starts at the clip's first keyframe once its connection is up.
//    It cannot make a keyframe when the server asks (PLI): the clip's own keyframes, every 3 s, stand
//    in for the ones Chrome makes on the server's PLI every 3 s; the PLIs are counted.
//  - Inspectors receive and count: packets, bytes, complete frames (marker bit) from the first
//    keyframe on, keyframes and their picture size (VP8 frame header), sequence gaps, and gaps of more
//    than 200 ms between frames (freezes). Nothing is decoded.
//
// The benchmark talks to this process over Node's IPC channel (startSyntheticClients() below spawns
// this file, under `nice` like the browsers): load the clip, start a participant, send it a protocol
// message, read the messages it received, read its stats (in the shape of inspection-page.mjs's
// stats(), with `synthetic` details), drop it, and read the process's own pacing (event-loop delay and
// how late the packets went out).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createHistogram, monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const SELF = fileURLToPath(import.meta.url);

// ---------------------------------------------------------------------------------------------
// The clip (both sides)

export const CLIP_DEFAULTS = { width: 1280, height: 720, fps: 30, seconds: 18, keyframeEveryS: 3, videoKbps: 2000, audioKbps: 32 };

function runFfmpeg(args, what) {
  const made = spawnSync('ffmpeg', ['-v', 'error', '-nostdin', '-y', ...args], { encoding: 'utf8' });
  if (made.status !== 0) throw new Error(`ffmpeg could not make the ${what}: ${made.stderr}`);
}

/**
 * Encodes the synthetic phones' clip once (kept when the files exist in `folder`) and describes it.
 * @returns {{ video: string, audio: string, encodeMs: number | null, settings: typeof CLIP_DEFAULTS } & ReturnType<typeof describeClip>}
 *   the two files' paths, how long the encoding took (null when the files were kept), and describeClip()'s figures
 */
export function makeClip(folder, settings = {}) {
  const clip = { ...CLIP_DEFAULTS, ...settings };
  const name = `synthetic-clip-${clip.width}x${clip.height}-${clip.fps}fps-${clip.videoKbps}k-key${clip.keyframeEveryS}s-${clip.seconds}s`;
  const video = path.join(folder, `${name}.ivf`);
  const audio = path.join(folder, `${name}.opus`);
  let encodeMs = null;
  if (!fs.existsSync(video) || !fs.existsSync(audio)) {
    const startedAt = performance.now();
    const kbps = `${clip.videoKbps}k`;
    runFfmpeg(
      [
        '-f',
        'lavfi',
        '-i',
        `testsrc2=size=${clip.width}x${clip.height}:rate=${clip.fps},noise=alls=12:allf=t`,
        '-t',
        String(clip.seconds),
        '-pix_fmt',
        'yuv420p',
        '-c:v',
        'libvpx',
        '-deadline',
        'realtime',
        '-cpu-used',
        '8',
        '-threads',
        '2',
        '-b:v',
        kbps,
        '-minrate',
        kbps,
        '-maxrate',
        kbps,
        '-bufsize',
        `${clip.videoKbps}k`,
        '-g',
        String(clip.fps * clip.keyframeEveryS),
        '-keyint_min',
        String(clip.fps * clip.keyframeEveryS),
        '-lag-in-frames',
        '0',
        '-auto-alt-ref',
        '0',
        '-an',
        '-f',
        'ivf',
        `${video}.tmp`,
      ],
      'synthetic clip’s video',
    );
    runFfmpeg(
      [
        '-f',
        'lavfi',
        '-i',
        'anoisesrc=color=pink:amplitude=0.15:sample_rate=48000',
        '-t',
        String(clip.seconds),
        '-ac',
        '1',
        '-c:a',
        'libopus',
        '-b:a',
        `${clip.audioKbps}k`,
        '-frame_duration',
        '20',
        '-application',
        'voip',
        '-f',
        'opus',
        `${audio}.tmp`,
      ],
      'synthetic clip’s audio',
    );
    fs.renameSync(`${video}.tmp`, video);
    fs.renameSync(`${audio}.tmp`, audio);
    encodeMs = Math.round(performance.now() - startedAt);
  }
  return { video, audio, encodeMs, settings: clip, ...describeClip(video, audio) };
}

/** What the clip holds: picture size, frames, keyframes, bitrates. */
export function describeClip(videoFile, audioFile) {
  const video = readIvf(videoFile);
  const audio = readOggOpus(audioFile);
  const seconds = video.frames.length / video.fps;
  const keyframes = video.frames.filter((frame) => frame.isKey);
  const videoBytes = video.frames.reduce((sum, frame) => sum + frame.data.length, 0);
  const audioBytes = audio.packets.reduce((sum, packet) => sum + packet.data.length, 0);
  const audioSeconds = audio.packets.reduce((sum, packet) => sum + packet.samples, 0) / 48_000;
  return {
    codec: video.fourcc,
    size: `${video.width}x${video.height}`,
    keyframeSize: (() => {
      const size = readVp8FrameSize(keyframes[0]?.data ?? Buffer.alloc(0));
      return size ? `${size.width}x${size.height}` : null;
    })(),
    fps: video.fps,
    frames: video.frames.length,
    seconds: Number(seconds.toFixed(2)),
    keyframes: keyframes.length,
    videoKbps: Math.round((8 * videoBytes) / seconds / 1000),
    largestKeyframeBytes: Math.max(...keyframes.map((frame) => frame.data.length)),
    meanDeltaFrameBytes: Math.round(
      video.frames.filter((frame) => !frame.isKey).reduce((sum, frame) => sum + frame.data.length, 0) /
        Math.max(1, video.frames.length - keyframes.length),
    ),
    audioKbps: Math.round((8 * audioBytes) / audioSeconds / 1000),
    audioPacketMs: audio.packets[0] ? audio.packets[0].samples / 48 : null,
  };
}

/** An IVF file (32-byte header, then a 12-byte header per frame) as frames. */
function readIvf(file) {
  const data = fs.readFileSync(file);
  if (data.toString('latin1', 0, 4) !== 'DKIF') throw new Error(`${file} is not an IVF file`);
  const headerLength = data.readUInt16LE(6);
  const rate = data.readUInt32LE(16);
  const scale = data.readUInt32LE(20);
  const fps = scale > 0 && rate / scale >= 1 && rate / scale <= 120 ? rate / scale : 30;
  const frames = [];
  for (let offset = headerLength; offset + 12 <= data.length;) {
    const size = data.readUInt32LE(offset);
    const frame = data.subarray(offset + 12, offset + 12 + size);
    frames.push({ data: frame, isKey: (frame[0] & 0x01) === 0 });
    offset += 12 + size;
  }
  if (frames.length === 0 || !frames[0].isKey) throw new Error(`${file} does not start with a keyframe`);
  return { fourcc: data.toString('latin1', 8, 12), width: data.readUInt16LE(12), height: data.readUInt16LE(14), fps, frames };
}

/** Samples (at 48 kHz) in one Opus packet, from its TOC byte (RFC 6716 §3.1). */
function opusSamples(packet) {
  const toc = packet[0];
  const config = toc >> 3;
  const frameUs =
    config < 12
      ? [10_000, 20_000, 40_000, 60_000][config % 4]
      : config < 16
        ? [10_000, 20_000][config % 2]
        : [2500, 5000, 10_000, 20_000][config % 4];
  const code = toc & 0x03;
  const frames = code === 0 ? 1 : code === 3 ? (packet[1] ?? 0) & 0x3f : 2;
  return (frames * frameUs * 48) / 1000;
}

/** The Opus packets of an Ogg Opus file (the OpusHead and OpusTags packets left out). */
function readOggOpus(file) {
  const data = fs.readFileSync(file);
  const packets = [];
  let pieces = [];
  for (let offset = 0; offset + 27 <= data.length;) {
    if (data.toString('latin1', offset, offset + 4) !== 'OggS') throw new Error(`${file}: no Ogg page at ${offset}`);
    const count = data[offset + 26];
    let body = offset + 27 + count;
    for (let index = 0; index < count; index += 1) {
      const lacing = data[offset + 27 + index];
      pieces.push(data.subarray(body, body + lacing));
      body += lacing;
      if (lacing < 255) {
        packets.push(Buffer.concat(pieces));
        pieces = [];
      }
    }
    offset = body;
  }
  if (packets[0]?.toString('latin1', 0, 8) !== 'OpusHead') throw new Error(`${file} is not an Ogg Opus file`);
  const audio = packets
    .slice(2)
    .filter((packet) => packet.length > 0)
    .map((packet) => ({ data: packet, samples: opusSamples(packet) }));
  if (audio.length === 0) throw new Error(`${file} holds no Opus packet`);
  return { packets: audio };
}

/** The picture size in a VP8 keyframe's frame header (RFC 6386 §9.1), or null. */
function readVp8FrameSize(frame) {
  if (frame.length < 10 || (frame[0] & 0x01) !== 0 || frame[3] !== 0x9d || frame[4] !== 0x01 || frame[5] !== 0x2a) return null;
  return { width: frame.readUInt16LE(6) & 0x3fff, height: frame.readUInt16LE(8) & 0x3fff };
}

/** The VP8 frame inside an RTP payload that starts a frame (RFC 7741 payload descriptor skipped), or null. */
function vp8FrameStart(payload) {
  const first = payload[0];
  if (first === undefined || (first & 0x10) === 0 || (first & 0x07) !== 0) return null;
  let offset = 1;
  if (first & 0x80) {
    const extension = payload[offset] ?? 0;
    offset += 1;
    if (extension & 0x80) offset += (payload[offset] ?? 0) & 0x80 ? 2 : 1;
    if (extension & 0x40) offset += 1;
    if (extension & 0x30) offset += 1;
  }
  return payload.subarray(offset);
}

// ---------------------------------------------------------------------------------------------
// The benchmark's side: the load generator as a child process

/**
 * Spawns the load generator (`nice -n <nice> node [nodeOptions] <this file>`), loads the clip into it and returns
 * its handle: `call(op, args)`, `participant(cookie)` (a participant object for the benchmark's
 * helpers), `pid`, `stop()`.
 */
export async function startSyntheticClients({ nice = 0, logFile, clip, nodeOptions = [], callTimeoutMs = 180_000 }) {
  const log = fs.openSync(logFile, 'a');
  const command = nice ? 'nice' : process.execPath;
  const args = nice ? ['-n', String(nice), process.execPath, ...nodeOptions, SELF] : [...nodeOptions, SELF];
  const child = spawn(command, args, { stdio: ['ignore', log, log, 'ipc'], env: { ...process.env, YUANQU_SYNTHETIC_CLIENTS: '1' } });
  fs.closeSync(log);
  const pending = new Map();
  let nextId = 0;
  let exited = null;
  child.on('message', (reply) => {
    const waiter = pending.get(reply.id);
    if (!waiter) return;
    pending.delete(reply.id);
    clearTimeout(waiter.timer);
    if (reply.ok) waiter.resolve(reply.result);
    else waiter.reject(new Error(`load generator: ${reply.error}`));
  });
  child.on('exit', (code, signal) => {
    exited = { code, signal };
    for (const waiter of pending.values()) {
      clearTimeout(waiter.timer);
      waiter.reject(new Error(`the load generator exited (${code ?? signal}); see ${logFile}`));
    }
    pending.clear();
  });
  const call = (op, callArgs = {}) =>
    new Promise((resolve, reject) => {
      if (exited) return reject(new Error(`the load generator has exited (${exited.code ?? exited.signal}); see ${logFile}`));
      nextId += 1;
      const id = nextId;
      const timer = setTimeout(() => {
        pending.delete(id);
        reject(new Error(`the load generator did not answer ${op} within ${callTimeoutMs} ms`));
      }, callTimeoutMs);
      pending.set(id, { resolve, reject, timer });
      child.send({ id, op, args: callArgs });
    });
  await call('load', { video: clip.video, audio: clip.audio });
  let participants = 0;
  const generator = {
    pid: child.pid,
    call,
    /** A participant for the benchmark's helpers; `cookie` signs an inspector in. */
    participant(cookie = null) {
      participants += 1;
      return { synthetic: generator, id: `p${participants}`, cookie };
    },
    async stop() {
      if (exited) return;
      const gone = new Promise((resolve) => child.once('exit', resolve));
      await Promise.race([call('exit').catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 10_000))]);
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await gone;
      clearTimeout(timer);
    },
  };
  return generator;
}

// ---------------------------------------------------------------------------------------------
// The load generator's side

async function runLoadGenerator() {
  const { MediaStreamTrack, RTCPeerConnection, RtpHeader, RtpPacket, useOPUS, useSdesMid, useVP8 } = await import('werift');
  const { default: WebSocket } = await import('ws');
  const now = () => performance.timeOrigin + performance.now();
  const MAX_VP8_PAYLOAD = 1160;
  // Chrome's pacer sends at 2.5 × the target bitrate.
  const PACING_FACTOR = 2.5;
  let clip = null;
  const participants = new Map();

  // Pacing: one timer sends every packet that is due; how late each frame or audio packet went out is
  // recorded, and so is this process's own event-loop delay.
  const sources = new Set();
  let lateness = createHistogram();
  let loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();
  const pacer = setInterval(() => {
    const at = performance.now();
    for (const source of sources) source.sendDue(at);
  }, 5);
  const noteLate = (dueAt, at) => lateness.record(Math.max(1, Math.round((at - dueAt) * 1000)));

  let nextSsrc = 0x1000;
  /**
   * The clip's video as RTP, each frame due at its time from `startAt`, looping. A frame's packets go
   * out spread at PACING_FACTOR × the clip's bitrate from the frame's time (as Chrome's pacer sends
   * them; a 50 KB keyframe takes ~80 ms), not as one burst.
   */
  function videoSource(track) {
    const frameMs = 1000 / clip.video.fps;
    const msPerByte = 8 / (PACING_FACTOR * clip.videoKbps);
    const queue = [];
    const state = {
      startAt: performance.now(),
      index: 0,
      sequence: Math.floor(Math.random() * 0x8000),
      timestampBase: Math.floor(Math.random() * 0x7fffffff),
      pictureId: Math.floor(Math.random() * 0x7fff),
      ssrc: (nextSsrc += 1),
      nextPacketAt: 0,
      framesSent: 0,
      keyFramesSent: 0,
      packetsSent: 0,
      bytesSent: 0,
    };
    return {
      state,
      sendDue(at) {
        while (state.startAt + state.index * frameMs <= at) {
          const dueAt = state.startAt + state.index * frameMs;
          noteLate(dueAt, at);
          const frame = clip.video.frames[state.index % clip.video.frames.length];
          // Whole milliseconds × 90, as libwebrtc stamps video from its capture clock (33, 33, 34 ms at
          // 30 fps), not exact 3000-tick steps: werift's recorder (RtpTimeBase) truncates every step to
          // whole milliseconds, so 3000-tick steps would run its video clock 1 % slow against the audio and
          // its lip-sync would drop ever more video from ~25 s into a segment on.
          const timestamp = (state.timestampBase + 90 * Math.round(state.index * frameMs)) >>> 0;
          const pictureId = state.pictureId;
          state.pictureId = (state.pictureId + 1) & 0x7fff;
          for (let offset = 0; offset < frame.data.length; offset += MAX_VP8_PAYLOAD) {
            const chunk = frame.data.subarray(offset, offset + MAX_VP8_PAYLOAD);
            const descriptor = Buffer.from([offset === 0 ? 0x90 : 0x80, 0x80, 0x80 | (pictureId >> 8), pictureId & 0xff]);
            const isLast = offset + MAX_VP8_PAYLOAD >= frame.data.length;
            const header = new RtpHeader({ payloadType: 96, sequenceNumber: state.sequence, timestamp, ssrc: state.ssrc, marker: isLast });
            state.sequence = (state.sequence + 1) & 0xffff;
            const sendAt = Math.max(dueAt, state.nextPacketAt);
            state.nextPacketAt = sendAt + (descriptor.length + chunk.length) * msPerByte;
            queue.push({ sendAt, packet: new RtpPacket(header, Buffer.concat([descriptor, chunk])) });
          }
          state.framesSent += 1;
          if (frame.isKey) state.keyFramesSent += 1;
          state.index += 1;
        }
        while (queue.length > 0 && queue[0].sendAt <= at) {
          const { packet } = queue.shift();
          track.writeRtp(packet);
          state.packetsSent += 1;
          state.bytesSent += packet.payload.length;
        }
      },
    };
  }

  /** The clip's audio as RTP, one Opus packet every 20 ms from `startAt`, looping. */
  function audioSource(track) {
    const state = {
      startAt: performance.now(),
      index: 0,
      samples: 0,
      sequence: Math.floor(Math.random() * 0x8000),
      timestampBase: Math.floor(Math.random() * 0x7fffffff),
      ssrc: (nextSsrc += 1),
      packetsSent: 0,
      bytesSent: 0,
    };
    return {
      state,
      sendDue(at) {
        while (state.startAt + state.samples / 48 <= at) {
          noteLate(state.startAt + state.samples / 48, at);
          const packet = clip.audio.packets[state.index % clip.audio.packets.length];
          const header = new RtpHeader({
            payloadType: 111,
            sequenceNumber: state.sequence,
            timestamp: (state.timestampBase + state.samples) >>> 0,
            ssrc: state.ssrc,
            marker: state.index === 0,
          });
          state.sequence = (state.sequence + 1) & 0xffff;
          track.writeRtp(new RtpPacket(header, packet.data));
          state.packetsSent += 1;
          state.bytesSent += packet.data.length;
          state.samples += packet.samples;
          state.index += 1;
        }
      },
    };
  }

  /** What an inspector receives on its phone-camera m-line. */
  function newVideoIn() {
    return {
      packetsReceived: 0,
      bytesReceived: 0,
      baseSequence: null,
      highestSequence: null,
      framesDecoded: 0,
      keyFramesDecoded: 0,
      frameWidth: null,
      frameHeight: null,
      lastFrameAt: null,
      freezeCount: 0,
      totalFreezesDuration: 0,
      firstKeyframeAt: null,
    };
  }

  function receiveVideo(video, rtp) {
    const at = now();
    video.packetsReceived += 1;
    video.bytesReceived += rtp.payload.length;
    // Extended sequence numbers, for packetsLost = expected - received (as RTCP does).
    const sequence = rtp.header.sequenceNumber;
    if (video.highestSequence === null) {
      video.baseSequence = sequence;
      video.highestSequence = sequence;
    } else {
      const cycle = video.highestSequence & ~0xffff;
      let extended = cycle | sequence;
      if (extended < video.highestSequence - 0x8000) extended += 0x10000;
      else if (extended > video.highestSequence + 0x8000) extended -= 0x10000;
      if (extended > video.highestSequence) video.highestSequence = extended;
    }
    const start = vp8FrameStart(rtp.payload);
    const size = start ? readVp8FrameSize(start) : null;
    if (size) {
      video.keyFramesDecoded += 1;
      video.frameWidth = size.width;
      video.frameHeight = size.height;
      video.firstKeyframeAt ??= at;
    }
    if (rtp.header.marker && video.firstKeyframeAt !== null) {
      video.framesDecoded += 1;
      if (video.lastFrameAt !== null && at - video.lastFrameAt > 200) {
        video.freezeCount += 1;
        video.totalFreezesDuration += (at - video.lastFrameAt) / 1000;
      }
      video.lastFrameAt = at;
    }
  }

  function createPeerConnection() {
    return new RTCPeerConnection({
      codecs: { video: [useVP8()], audio: [useOPUS()] },
      headerExtensions: { video: [useSdesMid()], audio: [useSdesMid()] },
      iceServers: [],
      iceAdditionalHostAddresses: ['127.0.0.1'],
      iceInterfaceAddresses: { udp4: '127.0.0.1' },
      iceUseIpv6: false,
      iceFilterCandidatePair: (pair) => pair.remoteCandidate.host === '127.0.0.1',
    });
  }

  class Participant {
    constructor(id) {
      this.id = id;
      this.received = [];
      this.marks = {};
      this.history = [];
      this.socket = null;
      this.pc = null;
      this.outgoing = [];
      this.sources = [];
      this.videoIn = null;
      this.audioInBytes = 0;
      this.audioInPackets = 0;
      this.pliReceived = 0;
    }

    nextMessage(type, predicate = () => true, timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      return new Promise((resolve, reject) => {
        const poll = () => {
          const found = this.received.find((message) => message.type === type && predicate(message));
          if (found) return resolve(found);
          const closed = this.received.find((message) => message.type === 'closed');
          if (closed || Date.now() > deadline)
            return reject(
              new Error(
                `no ${type} ${closed ? `before the socket closed (${closed.code} ${closed.reason})` : `within ${timeoutMs} ms`}; got ${JSON.stringify(this.received.map((entry) => (entry.type === 'error' ? entry : entry.type)))}`,
              ),
            );
          setTimeout(poll, 20);
        };
        poll();
      });
    }

    async start({ role, baseUrl, socketPath, cookie }) {
      this.role = role;
      this.marks.start = now();
      const headers = { origin: baseUrl };
      if (cookie) headers.cookie = cookie;
      const socket = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}${socketPath}`, { headers });
      this.socket = socket;
      socket.on('message', (data) => this.received.push(JSON.parse(data.toString('utf8'))));
      socket.on('close', (code, reason) => this.received.push({ type: 'closed', code, reason: reason.toString('utf8') }));
      socket.on('error', (error) => this.received.push({ type: 'socket-error', message: error.message }));
      const welcome = await this.nextMessage('welcome');
      this.marks.welcome = now();
      const pc = createPeerConnection();
      this.pc = pc;
      pc.connectionStateChange.subscribe((state) => {
        this.history.push({ at: now(), connection: state, ice: pc.iceConnectionState });
        if (state === 'connected' && !this.marks.connected) {
          this.marks.connected = now();
          this.startSending();
        }
      });
      for (const slot of welcome.config.layout) {
        if (slot.direction === 'sendonly') {
          const track = new MediaStreamTrack({ kind: slot.kind });
          const transceiver = pc.addTransceiver(track, { direction: 'sendonly' });
          transceiver.sender.onPictureLossIndication.subscribe(() => {
            this.pliReceived += 1;
          });
          this.outgoing.push({ slot, track });
        } else {
          const transceiver = pc.addTransceiver(slot.kind, { direction: 'recvonly' });
          if (slot.kind === 'video') this.videoIn = newVideoIn();
          transceiver.onTrack.subscribe((track) => {
            track.onReceiveRtp.subscribe((rtp) => {
              if (slot.kind === 'video') receiveVideo(this.videoIn, rtp);
              else {
                this.audioInBytes += rtp.payload.length;
                this.audioInPackets += 1;
              }
            });
          });
        }
      }
      this.marks.offerStart = now();
      await pc.setLocalDescription(await pc.createOffer());
      if (pc.iceGatheringState !== 'complete')
        await pc.iceGatheringStateChange.watch((state) => state === 'complete', 10_000).catch(() => undefined);
      const ref = `join-${this.id}-${Date.now()}`;
      this.marks.joinSent = now();
      socket.send(JSON.stringify({ type: 'join', ref, offerSdp: pc.localDescription.sdp }));
      const answer = await this.nextMessage('answer', (message) => message.ref === ref);
      this.marks.answer = now();
      await pc.setRemoteDescription({ type: 'answer', sdp: answer.answerSdp });
      this.marks.answerApplied = now();
      return welcome.participantId;
    }

    /** The phone sends the clip's video and audio, an inspector the audio as its microphone; from the clip's start. */
    startSending() {
      for (const { slot, track } of this.outgoing) {
        const source = slot.kind === 'video' ? videoSource(track) : audioSource(track);
        this.sources.push(source);
        sources.add(source);
      }
    }

    send(message) {
      this.socket.send(JSON.stringify(message));
    }

    stats() {
      const out = {
        at: now(),
        connectionState: this.pc ? this.pc.connectionState : 'none',
        videoIn: null,
        videoOut: null,
        audioInBytes: this.audioInBytes,
        audioOutBytes: 0,
        synthetic: { pliReceived: this.pliReceived, audioInPackets: this.audioInPackets, audioOutPackets: 0, videoPacketsSent: 0 },
      };
      const video = this.videoIn;
      if (video && video.packetsReceived > 0) {
        const expected = video.highestSequence - video.baseSequence + 1;
        out.videoIn = {
          framesDecoded: video.framesDecoded,
          keyFramesDecoded: video.keyFramesDecoded,
          framesDropped: 0,
          frameWidth: video.frameWidth,
          frameHeight: video.frameHeight,
          framesPerSecond: null,
          bytesReceived: video.bytesReceived,
          packetsReceived: video.packetsReceived,
          packetsLost: Math.max(0, expected - video.packetsReceived),
          freezeCount: video.freezeCount,
          totalFreezesDuration: video.totalFreezesDuration,
          decoderImplementation: 'none (synthetic: complete frames counted, not decoded)',
        };
      }
      for (const source of this.sources) {
        if ('framesSent' in source.state) {
          out.videoOut = {
            framesEncoded: source.state.framesSent,
            keyFramesEncoded: source.state.keyFramesSent,
            frameWidth: clip.video.width,
            frameHeight: clip.video.height,
            framesPerSecond: clip.video.fps,
            bytesSent: source.state.bytesSent,
            packetsSent: source.state.packetsSent,
            totalEncodeTime: 0,
            qualityLimitationReason: 'none',
            qualityLimitationDurations: null,
            encoderImplementation: 'libvpx via ffmpeg (pre-encoded clip)',
            targetBitrate: clip.videoKbps * 1000,
          };
          out.synthetic.videoPacketsSent = source.state.packetsSent;
        } else {
          out.audioOutBytes += source.state.bytesSent;
          out.synthetic.audioOutPackets += source.state.packetsSent;
        }
      }
      return out;
    }

    drop() {
      for (const source of this.sources) sources.delete(source);
      this.sources = [];
      this.pc?.close().catch(() => undefined);
      this.socket?.close();
    }
  }

  const percentileMs = (histogram, percentile, unitMs) => (histogram.count > 0 ? histogram.percentile(percentile) * unitMs : null);
  const handlers = {
    load({ video, audio }) {
      const ivf = readIvf(video);
      const opus = readOggOpus(audio);
      const described = describeClip(video, audio);
      clip = { video: ivf, audio: opus, videoKbps: described.videoKbps };
      return described;
    },
    async start({ id, ...options }) {
      if (!clip) throw new Error('no clip loaded');
      const participant = new Participant(id);
      participants.set(id, participant);
      return participant.start(options);
    },
    send({ id, message }) {
      participants.get(id)?.send(message);
      return true;
    },
    messages({ id, type }) {
      return (participants.get(id)?.received ?? []).filter((message) => message.type === type);
    },
    marks({ id }) {
      return participants.get(id)?.marks ?? {};
    },
    stats({ ids }) {
      return ids.map((id) => participants.get(id)?.stats() ?? null);
    },
    history({ id }) {
      const participant = participants.get(id);
      return { history: participant?.history ?? [], joinSent: participant?.marks.joinSent ?? null };
    },
    drop({ id }) {
      participants.get(id)?.drop();
      participants.delete(id);
      return true;
    },
    /** This process's event-loop delay and how late packets went out since the last reset (ms). */
    pacing({ reset = false } = {}) {
      const result = {
        eventLoop: {
          p50Ms: percentileMs(loopDelay, 50, 1e-6),
          p99Ms: percentileMs(loopDelay, 99, 1e-6),
          maxMs: loopDelay.count > 0 ? loopDelay.max * 1e-6 : null,
        },
        sendLate: {
          p50Ms: percentileMs(lateness, 50, 1e-3),
          p99Ms: percentileMs(lateness, 99, 1e-3),
          maxMs: lateness.count > 0 ? lateness.max * 1e-3 : null,
          count: lateness.count,
        },
        sendingSources: sources.size,
        participants: participants.size,
      };
      if (reset) {
        loopDelay.disable();
        loopDelay = monitorEventLoopDelay({ resolution: 10 });
        loopDelay.enable();
        lateness = createHistogram();
      }
      return result;
    },
    exit() {
      for (const participant of participants.values()) participant.drop();
      clearInterval(pacer);
      setTimeout(() => process.exit(0), 200);
      return true;
    },
  };

  process.on('message', async ({ id, op, args }) => {
    try {
      const handler = handlers[op];
      if (!handler) throw new Error(`unknown operation ${op}`);
      process.send({ id, ok: true, result: await handler(args ?? {}) });
    } catch (error) {
      process.send({ id, ok: false, error: String(error?.stack ?? error) });
    }
  });
  // The benchmark is gone: stop at once.
  process.on('disconnect', () => process.exit(0));
  // werift reports some failures of closing connections as rejections; they must not end the process.
  process.on('unhandledRejection', (error) => process.stderr.write(`unhandled rejection: ${error?.stack ?? error}\n`));
}

if (process.env.YUANQU_SYNTHETIC_CLIENTS === '1' && process.argv[1] && path.resolve(process.argv[1]) === SELF) {
  await runLoadGenerator();
}
