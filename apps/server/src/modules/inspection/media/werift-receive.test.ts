import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import {
  MediaStreamTrack,
  RTCPeerConnection,
  RTCRtpCodecParameters,
  RTCRtpReceiver,
  RtcpRrPacket,
  RtpHeader,
  RtpPacket,
  SrtpAuthenticationError,
  SrtpSession,
} from 'werift';
import { wellFormedRtpPackets } from './rtp-packets.test-support.js';
import { newKeys, reversed, srtpSession, type SrtpKeys } from './srtp-sessions.test-support.js';
import { installWeriftFixes } from './werift-fixes.js';
import {
  addToStatistics,
  decryptRtpPacket,
  weriftReceiveOriginals,
  type ReceiverInternals,
  type ReceivingTransport,
  type SrtpContextInternals,
  type StreamStatisticsInternals,
} from './werift-receive.js';

const remoteContextOf = (srtp: SrtpSession) => (srtp as unknown as { remoteContext: SrtpContextInternals }).remoteContext;

/** A packet as the tests compare them: every header field (extension payloads as hex) and the payload. */
function described(packet: RtpPacket) {
  const { extensions, csrc, ...fields } = packet.header;
  return {
    ...fields,
    csrc: [...csrc],
    extensions: extensions.map(({ id, payload }) => ({ id, payload: payload.toString('hex') })),
    payload: packet.payload.toString('hex'),
  };
}

function outcome<T>(read: () => T): { value: T } | { threw: string } {
  try {
    return { value: read() };
  } catch (error) {
    return { threw: error instanceof SrtpAuthenticationError ? 'SrtpAuthenticationError' : String(error) };
  }
}

/**
 * What a receiver is sent: packets of a few streams, their sequence numbers counting up with jumps,
 * steps back and wraps, any extensions, CSRCs and padding; some damaged on the way (a byte or the
 * sequence number changed, the packet cut short) and some sent twice.
 */
const receivedStreams = fc.array(
  fc.record({
    raw: wellFormedRtpPackets,
    ssrc: fc.constantFrom(0x1111, 0x2222),
    step: fc.oneof(
      { weight: 6, arbitrary: fc.constant(1) },
      fc.integer({ min: -300, max: 300 }),
      fc.integer({ min: -40_000, max: 40_000 }),
    ),
    damage: fc.oneof(
      { weight: 6, arbitrary: fc.constant<null>(null) },
      fc.record({ kind: fc.constant<'byte'>('byte'), at: fc.nat(), xor: fc.integer({ min: 1, max: 255 }) }),
      fc.record({ kind: fc.constant<'cut'>('cut'), at: fc.nat() }),
      // Another sequence number (authenticated, so the packet fails; across a wrap, it would move the rollover counter).
      fc.record({ kind: fc.constant<'sequence'>('sequence'), by: fc.integer({ min: 1, max: 65_535 }) }),
      fc.constant<{ kind: 'again' }>({ kind: 'again' }),
    ),
  }),
  { minLength: 1, maxLength: 30 },
);

type ReceivedStreams = typeof receivedStreams extends fc.Arbitrary<infer T> ? T : never;

/** Encrypts each packet as a browser would (werift's own SRTP), damaged as drawn. */
function sendStreams(keys: SrtpKeys, packets: ReceivedStreams): Buffer[] {
  const sender = srtpSession(keys, false);
  const sequences = new Map<number, number>();
  const sent: Buffer[] = [];
  for (const { raw, ssrc, step, damage } of packets) {
    const sequence = ((sequences.get(ssrc) ?? raw.readUInt16BE(2)) + step + 0x10000) & 0xffff;
    sequences.set(ssrc, sequence);
    const plain = Buffer.from(raw);
    plain.writeUInt16BE(sequence, 2);
    plain.writeUInt32BE(ssrc, 8);
    const header = RtpHeader.deSerialize(plain);
    let packet = sender.encrypt(plain.subarray(header.payloadOffset), header);
    if (damage?.kind === 'byte') {
      packet = Buffer.from(packet);
      const at = damage.at % packet.length;
      packet[at] = packet[at]! ^ damage.xor;
    } else if (damage?.kind === 'sequence') {
      packet = Buffer.from(packet);
      packet.writeUInt16BE((sequence + damage.by) & 0xffff, 2);
    } else if (damage?.kind === 'cut') {
      packet = packet.subarray(0, damage.at % packet.length);
    } else if (damage?.kind === 'again') {
      sent.push(packet);
    }
    sent.push(packet);
  }
  return sent;
}

describe('decrypting a received packet', () => {
  it('gives the packets, errors and rollover state of werift’s SRTP and packet reader', () => {
    installWeriftFixes();
    fc.assert(
      fc.property(receivedStreams, (packets) => {
        const keys = newKeys();
        const theirs = srtpSession(reversed(keys), false);
        const context = remoteContextOf(srtpSession(reversed(keys), true));
        for (const packet of sendStreams(keys, packets)) {
          const expected = outcome(() => described(RtpPacket.deSerialize(theirs.decrypt(packet))));
          expect(outcome(() => described(decryptRtpPacket(context, packet)))).toEqual(expected);
          expect(context.srtpSSRCStates).toEqual(remoteContextOf(theirs).srtpSSRCStates);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('keeps the rollover counter of a stream when a packet claiming the other side of the wrap fails', () => {
    installWeriftFixes();
    const keys = newKeys();
    const sender = srtpSession(keys, false);
    const context = remoteContextOf(srtpSession(reversed(keys), true));
    const packet = (sequenceNumber: number) =>
      sender.encrypt(Buffer.from('payload'), new RtpHeader({ payloadType: 96, ssrc: 7, sequenceNumber }));
    expect(decryptRtpPacket(context, packet(65_530)).payload.toString()).toBe('payload');
    // Sequence number 5 after 65,530 means a wrap; the packet is forged, so the counter must stay 0.
    const forged = Buffer.from(packet(65_531));
    forged.writeUInt16BE(5, 2);
    expect(() => decryptRtpPacket(context, forged)).toThrow(SrtpAuthenticationError);
    expect(context.srtpSSRCStates[7]).toMatchObject({ rolloverCounter: 0, lastSequenceNumber: 65_530 });
    expect(decryptRtpPacket(context, packet(65_532)).payload.toString()).toBe('payload');
  });
});

type TestReceiver = ReceiverInternals & { prepareReceive(params: unknown): void };

/** A werift receiver of one video codec (VP8, with NACK) and, when asked, one of RTX for it. */
function videoReceiver(withRtx: boolean): TestReceiver {
  const receiver = new RTCRtpReceiver({} as never, 'video', 1) as unknown as TestReceiver;
  const codecs = [
    new RTCRtpCodecParameters({ mimeType: 'video/VP8', clockRate: 90_000, payloadType: 96, rtcpFeedback: [{ type: 'nack' }] }),
  ];
  if (withRtx) {
    codecs.push(new RTCRtpCodecParameters({ mimeType: 'video/rtx', clockRate: 90_000, payloadType: 97, parameters: 'apt=96' }));
  }
  receiver.prepareReceive({ codecs, encodings: [] } as never);
  // No RTCP: the receiver has no transport here.
  Object.assign(receiver, { rtcpRunning: true });
  return receiver;
}

const receivers: TestReceiver[] = [];
afterEach(() => {
  for (const receiver of receivers.splice(0)) {
    (receiver as unknown as { nack: { close(): void } }).nack.close();
  }
});

describe('the receiver', () => {
  const arrivals = fc.array(
    fc.record({
      step: fc.oneof(
        { weight: 6, arbitrary: fc.constant(1) },
        fc.integer({ min: -20, max: 20 }),
        fc.integer({ min: -40_000, max: 40_000 }),
      ),
      timestampStep: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 6_000 })),
      payloadType: fc.constantFrom(96, 96, 96, 97, 100),
      size: fc.integer({ min: 0, max: 1_200 }),
      afterMs: fc.integer({ min: 0, max: 60 }),
    }),
    { minLength: 1, maxLength: 40 },
  );

  it('keeps the statistics of werift’s StreamStatistics.add, for any order of arrival', () => {
    installWeriftFixes();
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 65_535 }), fc.constantFrom(8_000, 48_000, 90_000), arrivals, (start, clockRate, steps) => {
        const receiver = videoReceiver(false);
        receivers.push(receiver);
        // werift's own class, made by its receiver for a new stream.
        weriftReceiveOriginals().handleRTP.call(receiver, new RtpPacket(new RtpHeader({ payloadType: 96, ssrc: 5 }), Buffer.alloc(0)), {});
        const Statistics = receiver.remoteStreams[5]!.constructor as new (clockRate: number) => StreamStatisticsInternals;
        const theirs = new Statistics(clockRate);
        const ours = new Statistics(clockRate);
        let sequence = start;
        let timestamp = 1_000;
        let now = 1_764_000_000.123;
        for (const { step, timestampStep, size, afterMs } of steps) {
          sequence = (sequence + step + 0x10000) & 0xffff;
          timestamp = (timestamp + timestampStep) >>> 0;
          now += afterMs / 1000;
          const packet = new RtpPacket(new RtpHeader({ sequenceNumber: sequence, timestamp }), Buffer.alloc(size));
          theirs.add(packet, now);
          addToStatistics(ours, packet, now);
          const { lastPacketReceivedTimestamp: _theirs, ...expected } = theirs;
          const { lastPacketReceivedTimestamp: _ours, ...actual } = ours;
          expect(actual).toEqual(expected);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('hands the track the same packets and keeps the same statistics and losses as werift’s handleRTP, RTX included', () => {
    installWeriftFixes();
    fc.assert(
      fc.property(fc.boolean(), arrivals, (withRtx, steps) => {
        const theirs = videoReceiver(withRtx);
        const ours = videoReceiver(withRtx);
        receivers.push(theirs, ours);
        const trackOf = (receiver: TestReceiver) => {
          const track = new MediaStreamTrack({ kind: 'video', remote: true });
          const seen: string[] = [];
          track.onReceiveRtp.subscribe((packet) =>
            seen.push(`${packet.header.ssrc}/${packet.header.sequenceNumber}/${packet.payload.toString('hex')}`),
          );
          Object.assign(receiver, { ssrcByRtx: { 9: 5 }, trackBySSRC: { 5: track } });
          return { track, seen };
        };
        const a = trackOf(theirs);
        const b = trackOf(ours);
        let sequence = 100;
        for (const { step, payloadType, size } of steps) {
          sequence = (sequence + step + 0x10000) & 0xffff;
          const ssrc = payloadType === 97 ? 9 : 5;
          // An RTX packet carries the original sequence number in its first two bytes.
          const payload = Buffer.alloc(Math.max(size, payloadType === 97 ? 2 : 0), 7);
          const packet = new RtpPacket(new RtpHeader({ payloadType, ssrc, sequenceNumber: sequence, timestamp: sequence * 3000 }), payload);
          weriftReceiveOriginals().handleRTP.call(theirs, packet, {}, a.track as never);
          ours.handleRTP(packet, {}, b.track as never);
        }
        expect(b.seen).toEqual(a.seen);
        const state = (receiver: ReceiverInternals) => ({
          streams: Object.fromEntries(
            Object.entries(receiver.remoteStreams).map(
              ([ssrc, { lastPacketReceivedTimestamp: _, last_arrival: __, jitter_q4: ___, ...stats }]) => [ssrc, stats],
            ),
          ),
          lost: (receiver as unknown as { nack: { lostSeqNumbers: number[] } }).nack.lostSeqNumbers,
        });
        expect(state(ours)).toEqual(state(theirs));
      }),
      { numRuns: 200 },
    );
  });
});

describe('the way of a received packet', () => {
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    await Promise.all(closers.splice(0).map((close) => close()));
  });

  /** Two werift peers on 127.0.0.1, the first sending VP8 to the second; resolves with the receiving side's track once connected. */
  async function connectedPair() {
    const options = { iceAdditionalHostAddresses: ['127.0.0.1'], iceInterfaceAddresses: { udp4: '127.0.0.1' }, iceUseIpv6: false };
    const sending = new RTCPeerConnection(options);
    const receiving = new RTCPeerConnection(options);
    closers.push(
      () => sending.close(),
      () => receiving.close(),
    );
    const source = new MediaStreamTrack({ kind: 'video' });
    sending.addTransceiver(source, { direction: 'sendonly' });
    const received = new Promise<MediaStreamTrack>((resolve) => receiving.onTrack.subscribe(resolve));
    const complete = async (pc: RTCPeerConnection) => {
      if (pc.iceGatheringState !== 'complete') await pc.iceGatheringStateChange.watch((state) => state === 'complete', 10_000);
      return pc.localDescription!;
    };
    await sending.setLocalDescription(await sending.createOffer());
    await receiving.setRemoteDescription(await complete(sending));
    await receiving.setLocalDescription(await receiving.createAnswer());
    await sending.setRemoteDescription(await complete(receiving));
    await Promise.all([sending, receiving].map((pc) => pc.connectionStateChange.watch((state) => state === 'connected', 10_000)));
    const transport = receiving.getTransceivers()[0]!.receiver.dtlsTransport as unknown as ReceivingTransport;
    return { source, track: await received, transport, sender: sending.getTransceivers()[0]!.sender };
  }

  /** RTP rather than RTCP, STUN or DTLS (RFC 7983, and werift's `isRtcp`). */
  const isRtp = (data: Buffer) => data[0]! >= 128 && data[0]! < 192 && !(data[1]! >= 192 && data[1]! <= 208);

  async function sendFrames(source: MediaStreamTrack, count: number): Promise<void> {
    for (let index = 0; index < count; index += 1) {
      source.writeRtp(
        new RtpPacket(
          new RtpHeader({ payloadType: 96, sequenceNumber: 1_000 + index, timestamp: index * 3_000, marker: true }),
          Buffer.from([0x10, 0, index]),
        ),
      );
      await new Promise((settle) => setTimeout(settle, 2));
    }
    await new Promise((settle) => setTimeout(settle, 200));
  }

  it('brings RTP from the socket to the track past werift’s events, counting it where werift counts it for its reports', async () => {
    installWeriftFixes();
    const { source, track, transport, sender } = await connectedPair();
    const receiverReport = sender.onRtcp.watch((rtcp) => rtcp.type === RtcpRrPacket.type, 5_000);
    const connection = transport.iceTransport.connection as unknown as {
      nominated: { protocol: { onDataReceived: { execute(data: Buffer): void } }; packetsReceived: number };
    };
    const viaWerift: Buffer[] = [];
    const protocolEvent = connection.nominated.protocol.onDataReceived;
    const execute = protocolEvent.execute;
    protocolEvent.execute = (data: Buffer) => {
      viaWerift.push(data);
      execute(data);
    };
    const seen: number[] = [];
    track.onReceiveRtp.subscribe((packet) => seen.push(packet.payload[2]!));
    const before = { pair: connection.nominated.packetsReceived, transport: transport.packetsReceived };
    await sendFrames(source, 20);
    expect(seen).toEqual([...Array(20).keys()]);
    expect(connection.nominated.packetsReceived - before.pair).toBeGreaterThanOrEqual(20);
    expect(transport.packetsReceived - before.transport).toBeGreaterThanOrEqual(20);
    // No RTP went through werift's events (RTCP and DTLS still do).
    expect(viaWerift.filter(isRtp)).toEqual([]);
    // The receiver's report to the sender is made from the statistics kept on the way.
    const [report] = await receiverReport;
    expect((report as RtcpRrPacket).reports[0]?.highestSequence).toBe(1_019);
  });

  it('leaves RTP to werift’s events when something else listens on the connection', async () => {
    installWeriftFixes();
    const { source, track, transport } = await connectedPair();
    const heard: Buffer[] = [];
    (transport.iceTransport.connection.onData as unknown as { subscribe(listener: (data: Buffer) => void): void }).subscribe((data) => {
      if (isRtp(data)) heard.push(data);
    });
    const seen: number[] = [];
    track.onReceiveRtp.subscribe((packet) => seen.push(packet.payload[2]!));
    await sendFrames(source, 10);
    expect(seen).toEqual([...Array(10).keys()]);
    expect(heard).toHaveLength(10);
  });
});
