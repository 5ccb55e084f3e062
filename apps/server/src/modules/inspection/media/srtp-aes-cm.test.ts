import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ExtensionProfiles, RtpHeader, SrtpAuthenticationError } from 'werift';
import { writeHeader } from './srtp-aes-cm.js';
import { newKeys, reversed, srtpSession as session } from './srtp-sessions.test-support.js';

/**
 * Streams as a relay sees them: a few sources interleaved, each mostly counting up from anywhere
 * (through the 16-bit wrap), with jumps (loss) and steps back (late packets, retransmissions), and
 * payloads from empty to larger than a full video packet.
 */
const streams = fc.record({
  starts: fc.array(fc.integer({ min: 0, max: 65_535 }), { minLength: 1, maxLength: 3 }),
  steps: fc.array(
    fc.record({
      source: fc.nat(),
      step: fc.oneof({ weight: 8, arbitrary: fc.constant(1) }, fc.integer({ min: -40, max: 40 }), fc.integer({ min: -40_000, max: 40_000 })),
      size: fc.oneof(fc.integer({ min: 0, max: 200 }), fc.integer({ min: 1_000, max: 1_450 })),
      marker: fc.boolean(),
      // Mostly the relay's one mid extension; sometimes none, several, or two-byte ones (werift's writer then).
      extensions: fc.oneof(
        { weight: 3, arbitrary: fc.constant<ExtensionList>({ profile: ExtensionProfiles.OneByte, list: [{ id: 1, payload: Buffer.from('1') }] }) },
        fc.constant<ExtensionList>({ profile: ExtensionProfiles.OneByte, list: [] }),
        fc.record({
          profile: fc.constantFrom(ExtensionProfiles.OneByte, ExtensionProfiles.TwoByte),
          list: fc.array(fc.record({ id: fc.integer({ min: 1, max: 14 }), payload: fc.uint8Array({ minLength: 1, maxLength: 16 }).map((bytes) => Buffer.from(bytes)) }), {
            maxLength: 4,
          }),
        }),
      ),
      csrc: fc.array(fc.nat({ max: 0xffffffff }), { maxLength: 3 }),
    }),
    { minLength: 1, maxLength: 120 },
  ),
});

interface ExtensionList {
  profile: number;
  list: { id: number; payload: Buffer }[];
}
interface Step {
  source: number;
  step: number;
  size: number;
  marker: boolean;
  extensions: ExtensionList;
  csrc: number[];
}

/** The stream's packets as header and payload, in the order they are sent. */
function packetsOf({ starts, steps }: { starts: number[]; steps: Step[] }) {
  const next = [...starts];
  return steps.map(({ source, step, size, marker, extensions, csrc }, index) => {
    const which = source % starts.length;
    const sequenceNumber = next[which]!;
    next[which] = (sequenceNumber + step + 65_536) & 0xffff;
    const header = new RtpHeader({
      sequenceNumber,
      timestamp: index * 3_000,
      payloadType: 96 + which,
      ssrc: 0x1000 + which,
      marker,
      csrc,
      extensionProfile: extensions.profile as RtpHeader['extensionProfile'],
      extensions: extensions.list,
    });
    return { header, payload: randomBytes(size) };
  });
}

/** A copy of a header, for comparing what two writers do to it. */
const copyOf = (header: RtpHeader) => new RtpHeader({ ...header, csrc: [...header.csrc], extensions: [...header.extensions] });

describe('SRTP with AES_CM_128_HMAC_SHA1_80 and a kept AES context', () => {
  it('encrypts every packet of any stream to the same bytes as werift’s cipher, rollovers included', () => {
    fc.assert(
      fc.property(streams, (stream) => {
        const keys = newKeys();
        const theirs = session(keys, false);
        const ours = session(keys, true);
        for (const { header, payload } of packetsOf(stream)) {
          const mine = copyOf(header);
          expect(ours.encrypt(payload, mine).toString('hex')).toBe(theirs.encrypt(payload, header).toString('hex'));
          expect(mine).toEqual(header);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('writes a header as werift’s serialize does, and leaves other extension profiles to it', () => {
    fc.assert(
      fc.property(streams, fc.boolean(), (stream, padding) => {
        for (const { header } of packetsOf(stream)) {
          header.padding = padding;
          const size = header.serializeSize + 40;
          const mine = copyOf(header);
          const written = writeHeader(mine, size);
          const theirs = header.serialize(size);
          if (header.extensionProfile === ExtensionProfiles.TwoByte && header.extensions.length > 0) {
            expect(written).toBeUndefined();
            continue;
          }
          expect(written?.length).toBe(size);
          expect(mine.payloadOffset).toBe(header.serializeSize);
          expect(written?.subarray(0, mine.payloadOffset).toString('hex')).toBe(theirs.subarray(0, header.payloadOffset).toString('hex'));
          expect(mine).toEqual(header);
        }
      }),
      { numRuns: 300 },
    );
    // An extension werift cannot write (no payload) fails the same way.
    const empty = () => new RtpHeader({ sequenceNumber: 1, extensions: [{ id: 1, payload: Buffer.alloc(0) }] });
    expect(() => empty().serialize(40)).toThrow(RangeError);
    expect(() => writeHeader(empty(), 40)).toThrow(RangeError);
  });

  it('decrypts what werift encrypts to the same packets as werift’s cipher does', () => {
    fc.assert(
      fc.property(streams, (stream) => {
        const keys = newKeys();
        const sender = session(keys, false);
        const theirs = session(reversed(keys), false);
        const ours = session(reversed(keys), true);
        for (const { header, payload } of packetsOf(stream)) {
          const packet = sender.encrypt(payload, header);
          expect(ours.decrypt(packet).toString('hex')).toBe(theirs.decrypt(packet).toString('hex'));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('refuses a packet whose bytes or tag were changed, or that is too short for its tag, as werift does', () => {
    const keys = newKeys();
    const sender = session(keys, false);
    const ours = session(reversed(keys), true);
    const theirs = session(reversed(keys), false);
    for (let sequenceNumber = 10; sequenceNumber < 16; sequenceNumber += 1) {
      const packet = sender.encrypt(randomBytes(300), new RtpHeader({ sequenceNumber, timestamp: 1, payloadType: 96, ssrc: 7 }));
      const changed = Buffer.from(packet);
      changed[sequenceNumber % 2 === 0 ? 40 : packet.length - 1]! ^= 0x01;
      expect(() => ours.decrypt(changed)).toThrow(SrtpAuthenticationError);
      expect(() => theirs.decrypt(changed)).toThrow(SrtpAuthenticationError);
    }
    expect(() => ours.decrypt(Buffer.alloc(16))).toThrow(SrtpAuthenticationError);
  });

  it('reads the padding of a padded packet as werift does, and refuses impossible padding', () => {
    const keys = newKeys();
    const sender = session(keys, false);
    const ours = session(reversed(keys), true);
    // Four bytes of padding, the last of them its count.
    const padded = Buffer.concat([randomBytes(20), Buffer.from([0, 0, 0, 4])]);
    const header = new RtpHeader({ sequenceNumber: 5, timestamp: 1, payloadType: 96, ssrc: 9, padding: true });
    const [, read] = (ours as unknown as { remoteContext: { decryptRtp(packet: Buffer): [Buffer, RtpHeader] } }).remoteContext.decryptRtp(
      sender.encrypt(padded, header),
    );
    expect(read.paddingSize).toBe(4);
    const impossible = sender.encrypt(Buffer.from([1, 2, 200]), new RtpHeader({ sequenceNumber: 6, timestamp: 1, payloadType: 96, ssrc: 9, padding: true }));
    expect(() => ours.decrypt(impossible)).toThrow(SrtpAuthenticationError);
  });
});
