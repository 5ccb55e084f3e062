/*
 * Turns one track's RTP packets, as they arrive, into the frames a recording writes: packets put
 * back in sequence order (a short wait for one that is late or being resent), a VP8 frame assembled
 * from its packets (RFC 7741) and passed on only when whole, an Opus packet passed on as it is. Each
 * frame is timed in milliseconds from the recording's start: the track's first packet counts from
 * when it arrived, every later one from its RTP timestamp, so sound and picture stay together
 * however long the session runs.
 */

import { readVp8PayloadStart } from './vp8-keyframe.js';

/** The parts of an RTP packet that are read (werift's `RtpPacket` has them). */
export interface RtpPacketLike {
  header: { sequenceNumber: number; timestamp: number; marker: boolean; ssrc: number };
  payload: Buffer;
}

export interface AssembledFrame {
  timeMs: number;
  isKeyframe: boolean;
  data: Buffer;
}

export interface RtpFrameAssemblerOptions {
  codec: 'vp8' | 'opus';
  /** `now()` at the recording's start: time 0 of the file. */
  startedAt: number;
  onFrame: (frame: AssembledFrame) => void;
  /** How long a gap in the sequence is waited for before the packets after it go on without it. */
  maxWaitMs?: number;
  /** Milliseconds on a monotonic clock (default `performance.now()`). */
  now?: () => number;
}

const DEFAULT_MAX_WAIT_MS = 150;
/** More packets than this held behind a gap and the gap is given up at once. */
const MAX_HELD_PACKETS = 512;
/** A sequence number further than this from the expected one is a restarted stream, not loss. */
const SEQUENCE_RESTART_DISTANCE = 3_000;

interface HeldPacket {
  packet: RtpPacketLike;
  at: number;
}

export class RtpFrameAssembler {
  private readonly clockRate: number;
  private readonly maxWaitMs: number;
  private readonly now: () => number;
  private ssrc: number | null = null;
  /** Extended sequence number of the next packet to pass on. */
  private nextSequence = 0;
  private readonly held = new Map<number, HeldPacket>();
  private lastTimestamp = 0;
  private extendedTimestamp = 0;
  private firstExtendedTimestamp = 0;
  private baseMs = 0;
  /** The VP8 frame being assembled: its timestamp, whether it is a keyframe, its parts. */
  private frameTimestamp: number | null = null;
  private frameIsKeyframe = false;
  private frameParts: Buffer[] = [];
  private isWaitingForKeyframe = true;

  constructor(private readonly options: RtpFrameAssemblerOptions) {
    this.clockRate = options.codec === 'vp8' ? 90_000 : 48_000;
    this.maxWaitMs = options.maxWaitMs ?? DEFAULT_MAX_WAIT_MS;
    this.now = options.now ?? (() => performance.now());
  }

  push(packet: RtpPacketLike): void {
    const { sequenceNumber, ssrc } = packet.header;
    if (this.ssrc !== ssrc) {
      // A new stream (the first, or the phone started another): time it from now, wait for a keyframe.
      this.flush();
      this.ssrc = ssrc;
      this.nextSequence = sequenceNumber;
      this.lastTimestamp = packet.header.timestamp;
      this.extendedTimestamp = packet.header.timestamp;
      this.firstExtendedTimestamp = packet.header.timestamp;
      this.baseMs = this.now() - this.options.startedAt;
      this.loseFrames();
    }
    let distance = ((sequenceNumber - this.nextSequence + 0x8000) & 0xffff) - 0x8000;
    if (Math.abs(distance) > SEQUENCE_RESTART_DISTANCE) {
      this.flush();
      this.nextSequence = sequenceNumber;
      this.loseFrames();
      distance = 0;
    } else if (distance < 0) {
      // Late or repeated: its place has been passed.
      return;
    }
    if (distance === 0) {
      this.pass(packet);
      this.passHeld();
      return;
    }
    const extended = this.nextSequence + distance;
    if (!this.held.has(extended)) {
      this.held.set(extended, { packet, at: this.now() });
    }
    this.giveUpStaleGap();
  }

  /** Passes on everything held, skipping the gaps (the recording is ending, or the stream restarted). */
  flush(): void {
    while (this.held.size > 0) {
      this.skipToFirstHeld();
      this.passHeld();
    }
  }

  private giveUpStaleGap(): void {
    let oldest = Infinity;
    for (const { at } of this.held.values()) oldest = Math.min(oldest, at);
    if (this.held.size > MAX_HELD_PACKETS || this.now() - oldest > this.maxWaitMs) {
      this.skipToFirstHeld();
      this.passHeld();
    }
  }

  private skipToFirstHeld(): void {
    let first = Infinity;
    for (const sequence of this.held.keys()) first = Math.min(first, sequence);
    this.nextSequence = first;
    this.loseFrames();
  }

  private passHeld(): void {
    for (let held = this.held.get(this.nextSequence); held; held = this.held.get(this.nextSequence)) {
      this.held.delete(this.nextSequence);
      this.pass(held.packet);
    }
  }

  private pass(packet: RtpPacketLike): void {
    this.nextSequence += 1;
    const { timestamp } = packet.header;
    // The step as a signed 32-bit number: wrap-around either way.
    this.extendedTimestamp += (timestamp - this.lastTimestamp) | 0;
    this.lastTimestamp = timestamp;
    const timeMs = this.baseMs + ((this.extendedTimestamp - this.firstExtendedTimestamp) * 1000) / this.clockRate;
    if (this.options.codec === 'opus') {
      if (packet.payload.length > 0) {
        this.options.onFrame({ timeMs, isKeyframe: true, data: packet.payload });
      }
      return;
    }
    this.passVp8(packet, timeMs);
  }

  private passVp8(packet: RtpPacketLike, timeMs: number): void {
    const start = readVp8PayloadStart(packet.payload);
    if (!start) {
      this.loseFrames();
      return;
    }
    const { timestamp, marker } = packet.header;
    if (start.isFrameStart) {
      if (this.frameTimestamp !== null) {
        // The frame before never ended.
        this.loseFrames();
      }
      this.frameTimestamp = timestamp;
      this.frameIsKeyframe = ((packet.payload[start.offset] as number) & 0x01) === 0;
    } else if (this.frameTimestamp !== timestamp) {
      // The middle of a frame whose start was not seen.
      this.loseFrames();
      return;
    }
    this.frameParts.push(packet.payload.subarray(start.offset));
    if (!marker) {
      return;
    }
    const isKeyframe = this.frameIsKeyframe;
    const data = this.frameParts.length === 1 ? (this.frameParts[0] as Buffer) : Buffer.concat(this.frameParts);
    this.frameTimestamp = null;
    this.frameParts = [];
    if (this.isWaitingForKeyframe && !isKeyframe) {
      return;
    }
    this.isWaitingForKeyframe = false;
    this.options.onFrame({ timeMs, isKeyframe, data });
  }

  /**
   * Packets were lost (or a stream began): the frame being assembled cannot be whole, and the VP8
   * frames after it may refer to what was lost, so nothing is passed on until the next keyframe.
   */
  private loseFrames(): void {
    this.frameTimestamp = null;
    this.frameParts = [];
    this.isWaitingForKeyframe = true;
  }
}
