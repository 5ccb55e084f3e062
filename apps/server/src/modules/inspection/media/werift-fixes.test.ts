import { createSocket, type Socket } from 'node:dgram';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ProtectionProfileAes128CmHmacSha1_80,
  RTCDtlsTransport,
  RTCRtpReceiver,
  RTCRtpSender,
  RTP_EXTENSION_URI,
  RtpHeader,
  RtpPacket,
  SrtpSession,
  StunProtocol,
  UdpTransport,
} from 'werift';
import { rtpPackets, wellFormedRtpPackets } from './rtp-packets.test-support.js';
import { newKeys, type SrtpKeys } from './srtp-sessions.test-support.js';
import {
  answerAddressLookupsAtOnce,
  dispatchForwardedRtp,
  forwardRtp,
  installWeriftFixes,
  ntpTimestampOf,
  readRtpHeader,
  udpHandleOf,
  weriftOriginals,
  type SenderInternals,
  type TransportInternals,
} from './werift-fixes.js';

function outcome<T>(read: () => T): { value: T } | { threw: true } {
  try {
    return { value: read() };
  } catch {
    return { threw: true };
  }
}

describe('the RTP header reader', () => {
  it('reads every field, extension and offset as werift’s own reader does, and fails where it fails', () => {
    const { readRtpHeader: werift } = weriftOriginals();
    fc.assert(
      fc.property(rtpPackets, (raw) => {
        const expected = outcome(() => werift(raw));
        expect(outcome(() => readRtpHeader(new RtpHeader(), raw))).toEqual(expected);
      }),
      { numRuns: 2000 },
    );
  });

  it('reads a packet with the mid extension Chrome sends', () => {
    const raw = Buffer.from('90e0' + '1234' + '00000064' + 'cafebabe' + 'bede0001' + '1030' + '0000' + 'aabbcc', 'hex');
    const header = readRtpHeader(new RtpHeader(), raw);
    expect(header).toMatchObject({ version: 2, marker: true, payloadType: 96, sequenceNumber: 0x1234, timestamp: 100, ssrc: 0xcafebabe, payloadOffset: 20 });
    expect(header.extensions).toEqual([{ id: 1, payload: Buffer.from('0') }]);
  });

  it('is what werift’s packets use once installed', () => {
    installWeriftFixes();
    expect(String(RtpHeader.deSerialize)).toContain('readRtpHeader');
    const raw = Buffer.from('8060000100000002000000030a0b', 'hex');
    expect(RtpPacket.deSerialize(raw).header).toMatchObject({ payloadType: 96, sequenceNumber: 1, timestamp: 2, ssrc: 3, payloadOffset: 12 });
  });
});

describe('forwarding through a sender', () => {
  type TestSender = SenderInternals & { replaceRTP(header: RtpHeader): void; rtpCache: (RtpPacket | undefined)[] };
  interface SenderSettings {
    ssrc: number;
    mid: string | null;
    midId: number;
    payloadType: number;
    seqOffset: number;
    timestampOffset: number;
    wideSeq: number;
  }

  /** A werift sender on a connected transport that records what it would encrypt and send. */
  function connectedSender(settings: SenderSettings): { sender: TestSender; sent: string[] } {
    const sent: string[] = [];
    const sender = new RTCRtpSender('video') as unknown as TestSender;
    Object.assign(sender, {
      ssrc: settings.ssrc,
      mid: settings.mid ?? undefined,
      headerExtensions: [{ id: settings.midId, uri: RTP_EXTENSION_URI.sdesMid }],
      codec: { payloadType: settings.payloadType, name: 'VP8' },
      seqOffset: settings.seqOffset,
      timestampOffset: settings.timestampOffset,
      // No sender-report timer in a unit test.
      rtcpRunning: true,
      dtlsTransport: {
        state: 'connected',
        transportSequenceNumber: settings.wideSeq,
        // As werift's transport: a header it cannot write is logged and the packet not sent.
        sendRtp: async (payload: Buffer, header: RtpHeader) => {
          const written = outcome(() => header.serialize(header.serializeSize));
          sent.push('value' in written ? `${written.value.toString('hex')}|${payload.toString('hex')}` : 'not sent');
          return 'value' in written ? header.serializeSize + payload.length + 16 : 0;
        },
      },
    });
    return { sender, sent };
  }

  /** What a send leaves in the sender, apart from the NTP time. */
  const stateOf = (sender: TestSender) => ({
    sequenceNumber: sender.sequenceNumber,
    timestamp: sender.timestamp,
    rtpTimestamp: sender.rtpTimestamp,
    octetCount: sender.octetCount,
    headerBytesSent: sender.headerBytesSent,
    packetCount: sender.packetCount,
    rtpCache: sender.rtpCache.map((cached) => (cached ? { header: { ...cached.header }, payload: cached.payload.toString('hex') } : null)),
    estimator: Object.entries(sender.senderBWE.sentInfos).map(([key, info]) => [
      key,
      (info as { wideSeq: number; size: number }).wideSeq,
      (info as { size: number }).size,
    ]),
  });

  const settings = fc.record({
    ssrc: fc.integer({ min: 0, max: 0xffffffff }),
    mid: fc.option(fc.stringMatching(/^[0-9a-z]{1,3}$/)),
    midId: fc.integer({ min: 1, max: 14 }),
    payloadType: fc.integer({ min: 0, max: 127 }),
    seqOffset: fc.integer({ min: 0, max: 0xffff }),
    timestampOffset: fc.integer({ min: 0, max: 0xffffffff }),
    wideSeq: fc.integer({ min: 0, max: 0xffff }),
  });
  const stream = fc.array(fc.record({ raw: wellFormedRtpPackets, keepExtensions: fc.boolean(), newSource: fc.boolean() }), {
    minLength: 1,
    maxLength: 8,
  });

  it('sends the same packets and leaves the same counters, history and estimator record as werift’s own code', async () => {
    const werift = weriftOriginals().dispatchRtp;
    await fc.assert(
      fc.asyncProperty(settings, stream, async (senderSettings, packets) => {
        const theirs = connectedSender(senderSettings);
        const ours = connectedSender(senderSettings);
        for (const { raw, keepExtensions, newSource } of packets) {
          const header = weriftOriginals().readRtpHeader(raw);
          const packet = new RtpPacket(header, raw.subarray(header.payloadOffset, raw.length - (header.padding ? header.paddingSize : 0)));
          if (!keepExtensions) {
            // What the relay hands on: the source's extension ids mean nothing to the receivers.
            packet.header.extensions = [];
            packet.header.extension = false;
          }
          if (newSource) {
            theirs.sender.replaceRTP(packet.header);
            ours.sender.replaceRTP(packet.header);
          }
          await werift.call(theirs.sender, packet);
          await dispatchForwardedRtp.call(ours.sender, packet);
        }
        expect(ours.sent).toEqual(theirs.sent);
        expect(stateOf(ours.sender)).toEqual(stateOf(theirs.sender));
      }),
      { numRuns: 500 },
    );
  });

  it('stamps the sender with the NTP time of RFC 3550, the fraction of a second included', async () => {
    const { sender } = connectedSender({ ssrc: 1, mid: '0', midId: 4, payloadType: 96, seqOffset: 0, timestampOffset: 0, wideSeq: 0 });
    const before = ntpTimestampOf(Date.now());
    await dispatchForwardedRtp.call(sender, new RtpPacket(new RtpHeader({ sequenceNumber: 1, timestamp: 90_000 }), Buffer.from('payload')));
    const after = ntpTimestampOf(Date.now());
    expect(sender.ntpTimestamp >= before - 2n ** 32n / 100n && sender.ntpTimestamp <= after + 2n ** 32n / 100n).toBe(true);
    // Half past a second is half of 2^32; werift's string split writes the digits "5" as the fraction.
    const halfPast = ntpTimestampOf(Date.UTC(2026, 11, 6, 12, 0, 0, 500));
    expect(halfPast >> 32n).toBe(BigInt(Date.UTC(2026, 11, 6, 12, 0, 0) / 1000 + 2_208_988_800));
    expect(halfPast & 0xffffffffn).toBe(2n ** 31n);
    // NTP era 0 ends on 2036-02-07 06:28:16 UTC; the seconds start again from 0.
    expect(ntpTimestampOf(Date.UTC(2036, 1, 7, 6, 28, 16, 250))).toBe(2n ** 30n);
  });

  it('is what werift’s senders use once installed', () => {
    installWeriftFixes();
    expect((RTCRtpSender.prototype as unknown as SenderInternals).dispatchRtp).toBe(dispatchForwardedRtp);
  });
});

describe('forwarding straight to the socket', () => {
  type TestSender = SenderInternals & { replaceRTP(header: RtpHeader): void };
  interface Sent {
    sender: TestSender;
    transport: TransportInternals;
    pair: { packetsSent: number; bytesSent: number };
    sent: string[];
  }

  /**
   * A werift sender on werift's own DTLS transport, STUN protocol and UDP transport, whose socket
   * records what it is given; the ICE connection's `send` is werift's, as written there.
   */
  function senderOnUdp(keys: SrtpKeys): Sent {
    const sent: string[] = [];
    // Its constructor is private in the typings; `init()` binds, which this test does not need.
    const udp = new (UdpTransport as unknown as new (type: 'udp4') => UdpTransport)('udp4');
    udp.socket.close();
    Object.assign(udp, { socket: { send: (data: Buffer, port: number, address: string) => sent.push(`${address}:${port} ${data.toString('hex')}`) } });
    const protocol = Object.assign(new StunProtocol(), { transport: udp });
    const pair = { protocol, remoteAddr: ['127.0.0.1', 40_000] as [string, number], packetsSent: 0, bytesSent: 0 };
    const connection = {
      nominated: pair,
      canSendApplicationData: () => true,
      send: async (data: Buffer) => {
        await pair.protocol.sendData(data, pair.remoteAddr);
        pair.packetsSent++;
        pair.bytesSent += data.length;
      },
    };
    const transport = Object.assign(Object.create(RTCDtlsTransport.prototype) as object, {
      state: 'connected',
      config: {},
      iceTransport: { connection },
      srtp: new SrtpSession({ keys, profile: ProtectionProfileAes128CmHmacSha1_80 }),
      transportSequenceNumber: 3,
      bytesSent: 0,
      packetsSent: 0,
    }) as unknown as TransportInternals;
    const sender = new RTCRtpSender('video') as unknown as TestSender;
    Object.assign(sender, {
      ssrc: 0x1234,
      mid: '1',
      headerExtensions: [{ id: 4, uri: RTP_EXTENSION_URI.sdesMid }],
      codec: { payloadType: 96, name: 'VP8' },
      seqOffset: 100,
      timestampOffset: 5_000,
      rtcpRunning: true,
      dtlsTransport: transport,
    });
    return { sender, transport, pair, sent };
  }

  it('hands the socket the same packets, and leaves the same counters, as werift’s chain of promises', async () => {
    installWeriftFixes();
    await fc.assert(
      fc.asyncProperty(fc.array(fc.record({ raw: wellFormedRtpPackets, newSource: fc.boolean() }), { minLength: 1, maxLength: 8 }), async (packets) => {
        const keys = newKeys();
        const theirs = senderOnUdp(keys);
        const ours = senderOnUdp(keys);
        for (const { raw, newSource } of packets) {
          const header = weriftOriginals().readRtpHeader(raw);
          const packet = new RtpPacket(header, raw.subarray(header.payloadOffset, raw.length - (header.padding ? header.paddingSize : 0)));
          packet.header.extensions = [];
          packet.header.extension = false;
          if (newSource) {
            theirs.sender.replaceRTP(packet.header);
            ours.sender.replaceRTP(packet.header);
          }
          await weriftOriginals().dispatchRtp.call(theirs.sender, packet);
          forwardRtp(ours.sender as unknown as RTCRtpSender, packet);
          // A packet forwardRtp leaves to werift (the first after a change of source) is sent by its promises.
          await new Promise((settle) => setImmediate(settle));
        }
        expect(ours.sent).toEqual(theirs.sent);
        const counters = ({ sender, transport, pair }: Sent) => ({
          packetCount: sender.packetCount,
          octetCount: sender.octetCount,
          sequenceNumber: sender.sequenceNumber,
          transport: [transport.bytesSent, transport.packetsSent],
          pair: [pair.packetsSent, pair.bytesSent],
          estimator: Object.keys(sender.senderBWE.sentInfos),
        });
        expect(counters(ours)).toEqual(counters(theirs));
      }),
      { numRuns: 200 },
    );
  });

  it('leaves to werift what is not a plain UDP forward: a relayed (TURN) pair, a packet with extensions', async () => {
    installWeriftFixes();
    const keys = newKeys();
    const relayed = senderOnUdp(keys);
    const viaWerift: string[] = [];
    relayed.sender.sendRtp = async (rtp) => {
      viaWerift.push(Buffer.isBuffer(rtp) ? 'buffer' : String(rtp.header.sequenceNumber));
    };
    Object.assign(relayed.transport.iceTransport.connection.nominated!, { protocol: { type: 'turn' } });
    forwardRtp(relayed.sender as unknown as RTCRtpSender, new RtpPacket(new RtpHeader({ sequenceNumber: 7 }), Buffer.from('a')));
    const plain = senderOnUdp(keys);
    plain.sender.sendRtp = relayed.sender.sendRtp;
    const withExtension = new RtpPacket(new RtpHeader({ sequenceNumber: 8, extension: true, extensions: [{ id: 1, payload: Buffer.from([1]) }] }), Buffer.from('b'));
    forwardRtp(plain.sender as unknown as RTCRtpSender, withExtension);
    expect(viaWerift).toEqual(['7', '8']);
    expect([relayed.sent, plain.sent]).toEqual([[], []]);
  });
});

describe('the receiver’s codec feedback', () => {
  const feedback = fc.subarray([{ type: 'nack' }, { type: 'nack', parameter: 'pli' }, { type: 'goog-remb' }, { type: 'transport-cc' }, { type: 'ccm', parameter: 'fir' }]);
  const codecs = fc.uniqueArray(
    fc.record({ payloadType: fc.integer({ min: 96, max: 127 }), rtcpFeedback: feedback }),
    { selector: (codec) => codec.payloadType, maxLength: 4 },
  );

  it('answers nackEnabled, twccEnabled and pliEnabled as werift does, after its codecs are set and set again', () => {
    installWeriftFixes();
    const getters = weriftOriginals().receiverFeedback!;
    fc.assert(
      fc.property(codecs, codecs, (first, second) => {
        const receiver = new RTCRtpReceiver({} as never, 'video', 1);
        const answers = () => ({
          nack: (receiver as unknown as Record<string, unknown>).nackEnabled,
          twcc: (receiver as unknown as Record<string, unknown>).twccEnabled,
          pli: (receiver as unknown as Record<string, unknown>).pliEnabled,
        });
        const weriftAnswers = () => ({ nack: getters.nackEnabled.call(receiver), twcc: getters.twccEnabled.call(receiver), pli: getters.pliEnabled.call(receiver) });
        receiver.prepareReceive({ codecs: first, encodings: [] } as never);
        expect(answers()).toEqual(weriftAnswers());
        (receiver as unknown as { resyncCodecs(params: unknown): void }).resyncCodecs({ codecs: second, encodings: [] });
        expect(answers()).toEqual(weriftAnswers());
        receiver.prepareReceive({ codecs: first, encodings: [] } as never);
        expect(answers()).toEqual(weriftAnswers());
      }),
      { numRuns: 300 },
    );
  });
});

describe('sending without a lookup of the address', () => {
  /** Counts what reaches the socket's handle (Node's internal `send`), to see when a packet is handed over. */
  function countHandOvers(socket: Socket): { count: number } {
    const handle = udpHandleOf(socket)!;
    const counter = { count: 0 };
    const send = handle.send!.bind(handle);
    handle.send = (...args: unknown[]) => {
      counter.count += 1;
      return send(...args);
    };
    return counter;
  }

  async function boundSocket(): Promise<Socket> {
    const socket = createSocket('udp4');
    await new Promise<void>((done) => socket.bind(0, '127.0.0.1', done));
    return socket;
  }

  it('hands a packet for an IP address to the socket before send() returns; a host name is still looked up', async () => {
    const receiver = await boundSocket();
    const received: string[] = [];
    const allReceived = new Promise<void>((done) =>
      receiver.on('message', (message) => {
        received.push(message.toString());
        if (received.length === 3) done();
      }),
    );
    const { port } = receiver.address();

    const plain = await boundSocket();
    const plainHandOvers = countHandOvers(plain);
    plain.send('node', port, '127.0.0.1');
    // Node's own path: the lookup answers on the next tick.
    expect(plainHandOvers.count).toBe(0);

    const fixed = await boundSocket();
    expect(answerAddressLookupsAtOnce(fixed)).toBe(true);
    const handOvers = countHandOvers(fixed);
    fixed.send('address', port, '127.0.0.1');
    expect(handOvers.count).toBe(1);
    fixed.send('name', port, 'localhost');
    expect(handOvers.count).toBe(1);
    await allReceived;
    expect(received.sort()).toEqual(['address', 'name', 'node']);
    expect(handOvers.count).toBe(2);
    for (const socket of [receiver, plain, fixed]) socket.close();
  });

  it('is what werift’s UDP transports use once installed', async () => {
    installWeriftFixes();
    const transport = await UdpTransport.init('udp4', { interfaceAddresses: { udp4: '127.0.0.1' } } as never);
    const handOvers = countHandOvers(transport.socket);
    transport.socket.send('x', 9, '127.0.0.1');
    expect(handOvers.count).toBe(1);
    await transport.close();
  });
});
