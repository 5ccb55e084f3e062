import { JitterBufferBase } from 'werift/nonstandard';

/**
 * werift 0.25's jitter buffer (used by its `MediaRecorder`) empties itself with `sortAndClearBuffer`:
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

let original: JitterBufferInternals['sortAndClearBuffer'] | null = null;

/** Puts `sortAndClearPackets` in place of werift's walk (once per process). */
export function installJitterBufferFix(): void {
  const prototype = JitterBufferBase.prototype as unknown as JitterBufferInternals;
  if (original) return;
  original = prototype.sortAndClearBuffer;
  prototype.sortAndClearBuffer = function (this: JitterBufferInternals, buffer) {
    return sortAndClearPackets(buffer, this.presentSeqNum ?? 0);
  };
}

/** werift's own walk, kept for the test that compares the two. */
export function originalSortAndClear(): JitterBufferInternals['sortAndClearBuffer'] {
  return original ?? (JitterBufferBase.prototype as unknown as JitterBufferInternals).sortAndClearBuffer;
}
