import type { Socket } from 'node:dgram';
import { isIP } from 'node:net';
import {
  ExtensionProfiles,
  ProtectionProfileAes128CmHmacSha1_80,
  RTCDtlsTransport,
  RTCRtpReceiver,
  RTCRtpSender,
  RTP_EXTENSION_URI,
  RtpHeader,
  RtpPacket,
  StunProtocol,
  UdpTransport,
  serializeSdesMid,
  uint16Add,
  uint32Add,
} from 'werift';
import { AesCmSrtpCipher, type WeriftCtrCipher } from './srtp-aes-cm.js';
import { installReceivePath } from './werift-receive.js';

/*
 * Fixes to werift 0.25, put in place by `installWeriftFixes()` when the engine starts; each is
 * checked against werift's own code in werift-fixes.test.ts (and srtp-aes-cm.test.ts). The first
 * makes the parsing of every packet cheaper, with the same results; the second makes forwarding a
 * packet cheaper and its sender reports' time right; the last five take what a relayed packet costs
 * down further: no promises on its way to the socket, no sorting of codecs and no dropped promise per
 * packet, SRTP without a new OpenSSL cipher per packet, and no DNS lookup per packet sent. The way of a
 * received packet is shortened in werift-receive.ts, installed with these. (werift's recording pipeline
 * is not used: segment-recorder.ts writes the WebM itself.)
 */

/**
 * 1. werift reads the bits of an RTP header through `getBit`, which turns each byte into a string of
 * '0' and '1', pads it with an array and parses it back: six times a header, and a header is read
 * twice a packet (the SRTP check, then the packet). `readRtpHeader` reads the same fields with bit
 * arithmetic into werift's own header object: the same values and offsets, and a packet too short
 * fails as it does there.
 */
export function readRtpHeader<T extends RtpHeader>(header: T, raw: Buffer): T {
  const first = raw[0];
  const second = raw[1];
  if (first === undefined || second === undefined) {
    // werift's getBit fails on a missing byte the same way.
    throw new TypeError('RTP packet too short');
  }
  header.version = first >> 6;
  header.padding = (first & 0x20) !== 0;
  header.extension = (first & 0x10) !== 0;
  header.csrcLength = first & 0x0f;
  header.marker = (second & 0x80) !== 0;
  header.payloadType = second & 0x7f;
  header.sequenceNumber = raw.readUInt16BE(2);
  header.timestamp = raw.readUInt32BE(4);
  header.ssrc = raw.readUInt32BE(8);
  const csrc: number[] = [];
  for (let index = 0; index < header.csrcLength; index += 1) {
    csrc.push(raw.readUInt32BE(12 + index * 4));
  }
  header.csrc = csrc;
  let offset = 12 + header.csrcLength * 4;
  if (header.extension) {
    header.extensionProfile = raw.readUInt16BE(offset) as RtpHeader['extensionProfile'];
    offset += 2;
    const length = raw.readUInt16BE(offset) * 4;
    header.extensionLength = length;
    offset += 2;
    const extensions: RtpHeader['extensions'] = [];
    const end = offset + length;
    if (header.extensionProfile === ExtensionProfiles.OneByte) {
      while (offset < end) {
        const byte = raw[offset] as number;
        if (byte === 0) {
          offset += 1;
          continue;
        }
        // Past the packet's end a missing byte reads as id 0 and one byte long, as in werift.
        const id = byte >> 4;
        const size = (byte & 0x0f) + 1;
        offset += 1;
        if (id === 15) {
          break;
        }
        extensions.push({ id, payload: raw.subarray(offset, offset + size) });
        offset += size;
      }
    } else if (header.extensionProfile === ExtensionProfiles.TwoByte) {
      while (offset < end) {
        if (raw[offset] === 0) {
          offset += 1;
          continue;
        }
        const id = raw[offset] as number;
        const size = raw[offset + 1] as number;
        offset += 2;
        extensions.push({ id, payload: raw.subarray(offset, offset + size) });
        offset += size;
      }
    } else {
      const payload = raw.subarray(offset, offset + length);
      extensions.push({ id: 0, payload });
      offset += payload.length;
    }
    header.extensions = extensions;
  }
  header.payloadOffset = offset;
  if (header.padding) {
    header.paddingSize = raw[raw.length - 1] as number;
  }
  return header;
}

/**
 * 2. werift's sender (`RTCRtpSender.dispatchRtp`) stamps every packet it sends with the NTP time made
 * through a decimal string: it splits `seconds.toString()` at the point and writes the digits after
 * it as the 32-bit fraction, so ".123456 s" becomes 123,456 / 2^32 s, a few microseconds, and the
 * sender reports it sends (RTCP SR, what the browsers use to line up a stream's sound and picture)
 * lose the part of a second. It also rebuilds the header extensions through closures, a copy and a
 * sort, and hands its bandwidth estimator a record whose keys it sorts. For what this server
 * forwards — a packet object without header extensions (the relay drops the source's), no
 * continuity rewrite pending, no RED, and no extension to make but the sender's mid —
 * `dispatchForwardedRtp` does the same work directly: the same packet reaches the SRTP transport,
 * with the same sequence number, timestamp, SSRC, payload type and mid, and the sender's counters,
 * retransmission history and estimator record end the same, but the NTP time is RFC 3550's (seconds
 * since 1900 and the fraction of a second in units of 2^-32). Any other packet goes through werift's
 * own code.
 */

/** The NTP time (RFC 3550 section 4) of a moment given in milliseconds since 1970, as werift keeps it. */
export function ntpTimestampOf(epochMs: number): bigint {
  const ms = epochMs + NTP_EPOCH_OFFSET_MS;
  const seconds = Math.floor(ms / 1000);
  const fraction = Math.min(Math.floor(((ms - seconds * 1000) / 1000) * 2 ** 32), 0xffffffff);
  // Era 0 ends in February 2036; NTP then counts seconds from 0 again.
  return (BigInt(seconds % 2 ** 32) << 32n) | BigInt(fraction);
}

/** 1900-01-01 to 1970-01-01 in milliseconds. */
const NTP_EPOCH_OFFSET_MS = 2_208_988_800_000;
/** werift's `RTP_HISTORY_SIZE`: the packets a sender keeps for retransmission on NACK. */
const RTP_HISTORY_SIZE = 128;

/** The fields of werift's `RTCDtlsTransport` that sending an RTP packet reads and writes. */
export interface TransportInternals {
  transportSequenceNumber: number;
  bytesSent: number;
  packetsSent: number;
  config: { debug?: { outboundPacketLoss?: number } };
  srtp?: { encrypt(payload: Buffer, header: RtpHeader): Buffer };
  iceTransport: { connection: ConnectionInternals };
  sendRtp(payload: Buffer, header: RtpHeader): Promise<number>;
}

/** The fields of werift's ICE `Connection` and its nominated pair that sending reads and writes. */
interface ConnectionInternals {
  nominated?: {
    protocol: unknown;
    remoteAddr: [string, number];
    packetsSent: number;
    bytesSent: number;
  } | null;
  canSendApplicationData(): boolean;
}

/** The fields of werift's `RTCRtpSender` that its `dispatchRtp` reads and writes. */
export interface SenderInternals {
  ssrc: number;
  mid?: string;
  timestamp?: number;
  sequenceNumber?: number;
  timestampOffset: number;
  seqOffset: number;
  ntpTimestamp: bigint;
  rtpTimestamp: number;
  octetCount: number;
  headerBytesSent: number;
  packetCount: number;
  stopped: boolean;
  pendingRtpEnabled: boolean;
  canSendRtp(): boolean;
  sendRtp(rtp: RtpPacket | Buffer): Promise<void>;
  dispatchRtp(rtp: RtpPacket | Buffer): Promise<void>;
  codec?: { payloadType: number };
  headerExtensions: { id: number; uri: string }[];
  redRedundantPayloadType?: number;
  rtpContinuityPending: boolean;
  rtpCache: RtpPacket[];
  dtlsTransport: TransportInternals;
  senderBWE: { sentInfos: Record<number, unknown> };
  runRtcp(): Promise<void>;
}

const midPayloads = new WeakMap<object, { mid: string; payload: Buffer }>();

/** The mid extension's payload for the sender's mid, made once per sender and mid. */
function midPayloadOf(sender: SenderInternals, mid: string): Buffer {
  const known = midPayloads.get(sender);
  if (known?.mid === mid) return known.payload;
  const payload = serializeSdesMid(mid);
  midPayloads.set(sender, { mid, payload });
  return payload;
}

/** Whether `dispatchForwardedRtp` does what werift would for this packet (otherwise werift's code runs). */
function isPlainForward(sender: SenderInternals, rtp: RtpPacket | Buffer): rtp is RtpPacket {
  return (
    !Buffer.isBuffer(rtp) &&
    rtp.header.extensions.length === 0 &&
    !sender.rtpContinuityPending &&
    !sender.redRedundantPayloadType &&
    sender.headerExtensions.every((extension) => extension.uri === RTP_EXTENSION_URI.sdesMid)
  );
}

/** What werift's `dispatchRtp` does to a packet before the transport sends it: a copy stamped for this sender. */
function stampForwarded(sender: SenderInternals, rtp: RtpPacket, codec: { payloadType: number }): RtpPacket {
  const packet = rtp.clone();
  const { header, payload } = packet;
  header.ssrc = sender.ssrc;
  header.payloadType = codec.payloadType;
  header.timestamp = uint32Add(header.timestamp, sender.timestampOffset);
  header.sequenceNumber = uint16Add(header.sequenceNumber, sender.seqOffset);
  sender.timestamp = header.timestamp;
  sender.sequenceNumber = header.sequenceNumber;
  const mid = sender.mid;
  const extensions: RtpHeader['extensions'] = [];
  if (mid) {
    for (const extension of sender.headerExtensions) {
      extensions.push({ id: extension.id, payload: midPayloadOf(sender, mid) });
    }
  }
  header.extensions = extensions;
  sender.ntpTimestamp = ntpTimestampOf(performance.timeOrigin + performance.now());
  sender.rtpTimestamp = header.timestamp;
  sender.octetCount += payload.length;
  sender.headerBytesSent += header.serializeSize;
  sender.packetCount = uint32Add(sender.packetCount, 1);
  sender.rtpCache[header.sequenceNumber % RTP_HISTORY_SIZE] = packet;
  return packet;
}

/** What werift's `dispatchRtp` does after the transport sent a packet of `size` bytes. */
function afterForwarded(sender: SenderInternals, size: number): void {
  void sender.runRtcp();
  // What werift's estimator keeps of it: its `rtpPacketSent` means to drop older records but sorts
  // the record's own keys, which are not numbers, so it only stores the record.
  const wideSeq = sender.dtlsTransport.transportSequenceNumber;
  const now = Date.now();
  sender.senderBWE.sentInfos[wideSeq] = { wideSeq, size, sendingAtMs: now, sentAtMs: now };
}

export async function dispatchForwardedRtp(this: SenderInternals, rtp: RtpPacket | Buffer): Promise<void> {
  if (!isPlainForward(this, rtp)) {
    return weriftOriginals().dispatchRtp.call(this, rtp);
  }
  const codec = this.codec;
  if (!this.canSendRtp() || !codec) {
    return;
  }
  const { header, payload } = stampForwarded(this, rtp, codec);
  const size = await this.dtlsTransport.sendRtp(payload, header);
  afterForwarded(this, size);
}

/**
 * 3. Each forwarded packet went through six promises before it reached the socket: werift's sender
 * (`sendRtp`, `dispatchRtp`), its DTLS transport (`sendRtp`), the ICE connection (`send`), the STUN
 * protocol (`sendData`) and the UDP transport (`send`) are each `async`, for work that is synchronous
 * on a plain UDP path. `forwardRtp` does the same work without them when the sender would take
 * `dispatchForwardedRtp`'s way and the transport's nominated pair is plain UDP to an IP address (no
 * TURN relay): the same packet is encrypted and handed to the same socket, and the sender's,
 * transport's and pair's counters end the same. Otherwise it calls werift's `sendRtp`.
 */
export function forwardRtp(target: RTCRtpSender, rtp: RtpPacket): void {
  const sender = target as unknown as SenderInternals;
  const codec = sender.codec;
  const transport = sender.dtlsTransport as TransportInternals | undefined;
  if (sender.stopped || sender.pendingRtpEnabled || !transport || !isPlainForward(sender, rtp) || !hasPlainUdpPath(transport)) {
    void target.sendRtp(rtp).catch(() => undefined);
    return;
  }
  if (!sender.canSendRtp() || !codec) {
    return;
  }
  const { header, payload } = stampForwarded(sender, rtp, codec);
  afterForwarded(sender, sendOverUdp(transport, payload, header));
}

/** Whether a nominated pair is plain UDP to an IP address; asked once per pair, whose protocol and address stay. */
const plainUdpPairs = new WeakMap<object, boolean>();
function isPlainUdpPair(pair: NonNullable<ConnectionInternals['nominated']>): boolean {
  let plain = plainUdpPairs.get(pair);
  if (plain === undefined) {
    plain = pair.protocol instanceof StunProtocol && pair.protocol.transport instanceof UdpTransport && isIP(pair.remoteAddr[0]) !== 0;
    plainUdpPairs.set(pair, plain);
  }
  return plain;
}

/** Whether the transport sends over a nominated pair of plain UDP to an IP address, with SRTP started. */
function hasPlainUdpPath(transport: TransportInternals): boolean {
  const pair = transport.iceTransport?.connection?.nominated;
  return transport.srtp !== undefined && !transport.config.debug?.outboundPacketLoss && !!pair && isPlainUdpPair(pair);
}

/** werift's `RTCDtlsTransport.sendRtp` → `Connection.send` → `StunProtocol.sendData` → `UdpTransport.send`, in one. */
function sendOverUdp(transport: TransportInternals, payload: Buffer, header: RtpHeader): number {
  let packet: Buffer;
  try {
    packet = transport.srtp!.encrypt(payload, header);
  } catch {
    return 0;
  }
  transport.bytesSent += packet.length;
  transport.packetsSent += 1;
  const connection = transport.iceTransport.connection;
  if (!connection.canSendApplicationData()) return packet.length;
  const pair = connection.nominated!;
  const udp = (pair.protocol as StunProtocol).transport as UdpTransport;
  if (!udp.closed) {
    try {
      udp.socket.send(packet, pair.remoteAddr[1], pair.remoteAddr[0]);
    } catch {
      // As werift: a send that fails is dropped.
    }
  }
  pair.packetsSent += 1;
  pair.bytesSent += packet.length;
  return packet.length;
}

/**
 * 4. werift's receiver asks for every packet whether its first codec has NACK and transport-wide
 * congestion control (`nackEnabled`, `twccEnabled`): each question sorts `Object.values(codecs)`
 * anew, a twelfth of what the media thread allocated in a lone session. The answers are kept per
 * receiver until its codecs change (`prepareReceive`, which `resyncCodecs` calls too, is the only place that sets them).
 */
interface ReceiverInternals {
  codecArray: { rtcpFeedback: { type: string }[] }[];
  prepareReceive(params: unknown): void;
  runRtcp(): Promise<void>;
  rtcpRunning: boolean;
  stopped: boolean;
}
type FeedbackType = 'nack' | 'transport-cc';
const feedbackOfReceivers = new WeakMap<object, Map<FeedbackType, { type: string } | undefined>>();

function feedbackOf(receiver: ReceiverInternals, type: FeedbackType): { type: string } | undefined {
  let known = feedbackOfReceivers.get(receiver);
  if (!known) {
    known = new Map();
    feedbackOfReceivers.set(receiver, known);
  }
  if (!known.has(type)) {
    known.set(type, receiver.codecArray[0]?.rtcpFeedback.find((feedback) => feedback.type === type));
  }
  return known.get(type);
}

/**
 * 5. werift's senders and receivers call their `async runRtcp()` for every packet, which returns at
 * once when their RTCP timer already runs: a promise made and dropped per packet. The check is made
 * before the call.
 */
const settled = Promise.resolve();
function runRtcpOnce(original: () => Promise<void>) {
  return function (this: { rtcpRunning: boolean; stopped: boolean }): Promise<void> {
    return this.rtcpRunning || this.stopped ? settled : original.call(this);
  };
}

/**
 * 6. SRTP: werift makes a new OpenSSL cipher for every packet, a fifth of the media thread's time in a
 * lone session. The transports offer AES_CM_128_HMAC_SHA1_80 (the profile every WebRTC endpoint must
 * support, RFC 8827) and encrypt and check RTP with `AesCmSrtpCipher`, which keeps one AES context per
 * session key. werift answers as the DTLS client, so the browser, as the server, would choose AES-GCM
 * if it were offered: it is not.
 */
interface DtlsTransportInternals {
  srtpProfiles: number[];
  srtp?: { localContext: { cipher: unknown; profile: number }; remoteContext: { cipher: unknown } };
  start(): Promise<void>;
  updateSrtpSession(): void;
}

/**
 * 7. Node's `socket.send(data, port, address)` looks the address up with `dns.lookup` even when it is
 * an IP address, and `dns.lookup` answers on the next tick: every packet sent went through
 * `process.nextTick` and the lookup's checks before it reached the socket. werift's UDP sockets get a
 * lookup that answers an address of the socket's own family at once (as Node does for a connected
 * socket, which skips the lookup) and passes anything else, a host name included, to Node's. The
 * lookup is a field of the socket's internal handle (the same in Node 20, 22 and 24); where it is not
 * found, the socket is left as it is. Called on a bound socket (its address gives its family).
 */
export function answerAddressLookupsAtOnce(socket: Socket): boolean {
  const handle = udpHandleOf(socket);
  const lookup = handle?.lookup;
  if (!handle || typeof lookup !== 'function') {
    return false;
  }
  const family = socket.address().family === 'IPv6' ? 6 : 4;
  handle.lookup = (address, callback) => {
    if (isIP(address) === family) {
      callback(null, address);
    } else {
      lookup.call(handle, address, callback);
    }
  };
  return true;
}

type AddressLookup = (address: string, callback: (error: Error | null, address?: string) => void) => void;

/** A dgram socket's internal handle (kept under Node's `kStateSymbol`), or undefined where it is not found. */
export function udpHandleOf(socket: Socket): { lookup?: AddressLookup; send?: (...args: unknown[]) => unknown } | undefined {
  const symbol = Object.getOwnPropertySymbols(socket).find((entry) => entry.description === 'state symbol');
  return symbol ? (socket as unknown as Record<symbol, { handle?: ReturnType<typeof udpHandleOf> } | undefined>)[symbol]?.handle : undefined;
}

type HeaderReader = (raw: Buffer) => RtpHeader;

const originals: {
  readRtpHeader?: HeaderReader;
  dispatchRtp?: SenderInternals['dispatchRtp'];
  senderRunRtcp?: SenderInternals['runRtcp'];
  receiverRunRtcp?: ReceiverInternals['runRtcp'];
  prepareReceive?: ReceiverInternals['prepareReceive'];
  receiverFeedback?: Record<'nackEnabled' | 'twccEnabled' | 'pliEnabled', () => unknown>;
  dtlsStart?: DtlsTransportInternals['start'];
  updateSrtpSession?: DtlsTransportInternals['updateSrtpSession'];
  udpInit?: () => Promise<void>;
} = {};

/** Puts the fixes in place of werift's code (once per process). */
export function installWeriftFixes(): void {
  if (originals.readRtpHeader) return;
  originals.readRtpHeader = RtpHeader.deSerialize.bind(RtpHeader);
  RtpHeader.deSerialize = (raw: Buffer) => readRtpHeader(new RtpHeader(), raw);
  const sender = RTCRtpSender.prototype as unknown as SenderInternals;
  originals.dispatchRtp = sender.dispatchRtp;
  sender.dispatchRtp = dispatchForwardedRtp;
  originals.senderRunRtcp = sender.runRtcp;
  sender.runRtcp = runRtcpOnce(originals.senderRunRtcp);

  const receiver = RTCRtpReceiver.prototype as unknown as ReceiverInternals;
  originals.receiverRunRtcp = receiver.runRtcp;
  receiver.runRtcp = runRtcpOnce(originals.receiverRunRtcp);
  const prepareReceive = (originals.prepareReceive = receiver.prepareReceive);
  receiver.prepareReceive = function (this: ReceiverInternals, params) {
    feedbackOfReceivers.delete(this);
    prepareReceive.call(this, params);
  };
  const getterOf = (name: string) => Object.getOwnPropertyDescriptor(receiver, name)!.get!;
  originals.receiverFeedback = { nackEnabled: getterOf('nackEnabled'), twccEnabled: getterOf('twccEnabled'), pliEnabled: getterOf('pliEnabled') };
  for (const [name, type] of [
    ['nackEnabled', 'nack'],
    ['twccEnabled', 'transport-cc'],
    // As werift: `usePLI().type` is "nack" (its parameter is "pli").
    ['pliEnabled', 'nack'],
  ] as const) {
    Object.defineProperty(receiver, name, {
      configurable: true,
      get(this: ReceiverInternals) {
        return feedbackOf(this, type);
      },
    });
  }

  const udp = UdpTransport.prototype as unknown as { socket: Socket; init(): Promise<void> };
  const udpInit = (originals.udpInit = udp.init);
  udp.init = async function (this: { socket: Socket }) {
    await udpInit.call(this);
    answerAddressLookupsAtOnce(this.socket);
  };

  const dtls = RTCDtlsTransport.prototype as unknown as DtlsTransportInternals;
  const start = (originals.dtlsStart = dtls.start);
  dtls.start = function (this: DtlsTransportInternals) {
    if (this.srtpProfiles.includes(ProtectionProfileAes128CmHmacSha1_80)) this.srtpProfiles = [ProtectionProfileAes128CmHmacSha1_80];
    return start.call(this);
  };
  const updateSrtpSession = (originals.updateSrtpSession = dtls.updateSrtpSession);
  dtls.updateSrtpSession = function (this: DtlsTransportInternals) {
    updateSrtpSession.call(this);
    const srtp = this.srtp;
    if (srtp && srtp.localContext.profile === ProtectionProfileAes128CmHmacSha1_80) {
      srtp.localContext.cipher = new AesCmSrtpCipher(srtp.localContext.cipher as WeriftCtrCipher);
      srtp.remoteContext.cipher = new AesCmSrtpCipher(srtp.remoteContext.cipher as WeriftCtrCipher);
    }
  };
  installReceivePath();
}

/** werift's own code, kept for the tests that compare. */
export function weriftOriginals(): {
  readRtpHeader: HeaderReader;
  dispatchRtp: SenderInternals['dispatchRtp'];
  /** The receiver's `nackEnabled`, `twccEnabled` and `pliEnabled` getters (after `installWeriftFixes()`). */
  receiverFeedback?: Record<'nackEnabled' | 'twccEnabled' | 'pliEnabled', () => unknown>;
} {
  return {
    readRtpHeader: originals.readRtpHeader ?? RtpHeader.deSerialize.bind(RtpHeader),
    dispatchRtp: originals.dispatchRtp ?? (RTCRtpSender.prototype as unknown as SenderInternals).dispatchRtp,
    receiverFeedback: originals.receiverFeedback,
  };
}
