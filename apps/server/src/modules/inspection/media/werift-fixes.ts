import { JitterBufferBase, Max32Uint, RtpTimeBase } from 'werift/nonstandard';

/*
 * Two fixes to werift 0.25's recording pipeline (`MediaRecorder`), put in place by
 * `installWeriftFixes()` when the engine starts; each is checked against werift's own code in
 * werift-fixes.test.ts.
 */

/**
 * 1. werift 0.25's jitter buffer (used by its `MediaRecorder`) empties itself with `sortAndClearBuffer`:
 * it walks the 16-bit sequence space from the last packet passed on, one number at a time, and counts
 * the packets left (`Object.values`) at every step. When the packets that timed out lie behind that
 * point — after a burst of loss, or a phone that restarted its sequence — the walk goes round almost
 * all 65,536 numbers: measured stalls of 150–500 ms of the whole event loop, every session's media
 * with it. `sortAndClearPackets` gives the same packets in the same order (by distance from the start,
 * wrapping at 65,536) and empties the buffer the same way, in O(n log n).
 */

interface SequencedPacket {
  header: { sequenceNumber: number };
}

/** The buffer's packets in sequence order counted from `from` (wrapping), the buffer left empty. */
export function sortAndClearPackets<T extends SequencedPacket>(buffer: Record<number, T>, from: number): T[] {
  const packets = Object.values(buffer);
  for (const key of Object.keys(buffer)) delete buffer[Number(key)];
  const distance = (packet: T) => (packet.header.sequenceNumber - from) & 0xffff;
  return packets.sort((a, b) => distance(a) - distance(b));
}

type JitterBufferInternals = {
  presentSeqNum?: number;
  sortAndClearBuffer(buffer: Record<number, SequencedPacket>): SequencedPacket[];
};

/**
 * 2. werift's RTP-timestamp clock (`RtpTimeBase.update`, used with `disableNtp`) adds each step's
 * milliseconds truncated to a whole number: a camera that stamps exactly 3,000 ticks a frame at
 * 90 kHz (33.33 ms) is counted 33 ms a frame, the video clock runs 1 % slow against the audio, and
 * after some 25 s the lip-sync drops more and more of the video from the file. `RtpClock` keeps
 * the ticks and truncates only the total. For steps of whole milliseconds (what Chrome sends) both
 * count the same.
 */
export class RtpClock {
  private lastTimestamp: number | undefined;
  private ticks = 0;
  constructor(private readonly clockRate: number) {}

  /** Milliseconds since the first timestamp, following 32-bit wrap-around. */
  update(timestamp: number): number {
    this.lastTimestamp ??= timestamp;
    const step = timestamp - this.lastTimestamp;
    this.ticks += Math.abs(step) > (Max32Uint / 4) * 3 ? timestamp + Max32Uint - this.lastTimestamp : step;
    this.lastTimestamp = timestamp;
    return Math.trunc((this.ticks * 1000) / this.clockRate);
  }
}

type RtpTimeInternals = { clockRate: number; elapsed: number; fixedClock?: RtpClock; update(timestamp: number): number };

const originals: { sortAndClearBuffer?: JitterBufferInternals['sortAndClearBuffer']; update?: RtpTimeInternals['update'] } = {};

/** Puts both fixes in place of werift's code (once per process). */
export function installWeriftFixes(): void {
  if (originals.update) return;
  const jitter = JitterBufferBase.prototype as unknown as JitterBufferInternals;
  originals.sortAndClearBuffer = jitter.sortAndClearBuffer;
  jitter.sortAndClearBuffer = function (this: JitterBufferInternals, buffer) {
    return sortAndClearPackets(buffer, this.presentSeqNum ?? 0);
  };
  const time = RtpTimeBase.prototype as unknown as RtpTimeInternals;
  originals.update = time.update;
  time.update = function (this: RtpTimeInternals, timestamp: number) {
    this.fixedClock ??= new RtpClock(this.clockRate);
    this.elapsed = this.fixedClock.update(timestamp);
    return this.elapsed;
  };
}

/** werift's own code, kept for the tests that compare. */
export function weriftOriginals(): { sortAndClearBuffer: JitterBufferInternals['sortAndClearBuffer']; update: RtpTimeInternals['update'] } {
  return {
    sortAndClearBuffer: originals.sortAndClearBuffer ?? (JitterBufferBase.prototype as unknown as JitterBufferInternals).sortAndClearBuffer,
    update: originals.update ?? (RtpTimeBase.prototype as unknown as RtpTimeInternals).update,
  };
}
