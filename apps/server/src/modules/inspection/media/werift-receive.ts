import { RTCDtlsTransport, RTCRtpReceiver, RtpHeader, RtpPacket, SrtpAuthenticationError, StunProtocol, uint16Gt } from 'werift';
import { AesCmSrtpCipher } from './srtp-aes-cm.js';

/*
 * The way of a received RTP packet through werift 0.25, shortened (installed by `installWeriftFixes()`).
 *
 * werift hands each datagram through four events (the STUN protocol's, the ICE connection's, the DTLS
 * transport's, the track's: each an `async` function and its promises), tries to read it as a STUN
 * message, reads its RTP header twice (for the SRTP check, then from the decrypted packet), copies the
 * SSRC state object per packet, and in the receiver parses the codec's name from its MIME
 * type twice and turns a number into a string and back for the jitter statistics. Measured with `perf`
 * in a lone recorded session, that was a fifth of the media thread, more than decrypting.
 *
 * 1. `receiveRtp` takes an RTP packet (not RTCP, not STUN, not DTLS) from a STUN protocol straight to
 *    the DTLS transport that started SRTP on its connection: the same counters (the nominated pair's,
 *    the transport's), decrypted with the header read once (`decryptRtpPacket`), and given to the
 *    transport's `onRtp` as werift would. Only when the connection's listeners are the two werift puts
 *    there (the ICE transport's, which takes DTLS only, and the SRTP one): anything else, and every other
 *    datagram, goes werift's way.
 * 2. `handleRtp` is the receiver's `handleRTP` for a plain stream (no RTX, RED or transport-wide
 *    congestion control): the same statistics (`addToStatistics`), NACK record, copy for the track's
 *    listeners and RTCP timer; anything else goes to werift's.
 * Each is checked against werift's own code in werift-receive.test.ts.
 */

const SRTP_AUTH_TAG_LENGTH = 10;
const MIN_RTP_HEADER_SIZE = 12;
const AUTHENTICATION_FAILED = 'Failed to authenticate SRTP packet';

/** What werift keeps per SSRC to know a packet's rollover counter (RFC 3711, 3.3.1). */
interface SsrcState {
  ssrc: number;
  rolloverCounter: number;
  lastSequenceNumber: number;
  rolloverHasProcessed?: boolean;
}

/** The fields of werift's `SrtpContext` that decrypting an RTP packet reads and writes. */
export interface SrtpContextInternals {
  cipher: unknown;
  srtpSSRCStates: Record<number, SsrcState>;
  updateRolloverCount(sequenceNumber: number, state: SsrcState): void;
}

/**
 * werift's `SrtpContext.decryptRtp` and then `RtpPacket.deSerialize` of what it returns, for a context
 * whose cipher is `AesCmSrtpCipher`: the same packet (header fields, payload), the same SSRC state
 * afterwards, and `SrtpAuthenticationError` where werift throws it; the header is read once, from the
 * received bytes (the part before the payload is not encrypted).
 */
export function decryptRtpPacket(context: SrtpContextInternals, cipherText: Buffer): RtpPacket {
  const cipher = context.cipher as AesCmSrtpCipher;
  const authTagOffset = cipherText.length - SRTP_AUTH_TAG_LENGTH;
  if (cipherText.length < MIN_RTP_HEADER_SIZE + SRTP_AUTH_TAG_LENGTH) {
    throw new SrtpAuthenticationError(AUTHENTICATION_FAILED);
  }
  let header: RtpHeader;
  try {
    header = RtpHeader.deSerialize(cipherText.subarray(0, authTagOffset));
  } catch {
    throw new SrtpAuthenticationError(AUTHENTICATION_FAILED);
  }
  header.paddingSize = 0;
  if (header.payloadOffset < MIN_RTP_HEADER_SIZE || header.payloadOffset > authTagOffset) {
    throw new SrtpAuthenticationError(AUTHENTICATION_FAILED);
  }
  // werift works on a copy of the state and keeps it only when the packet decrypts; the same here
  // without the copy: the state is put back when it does not.
  const known = context.srtpSSRCStates[header.ssrc];
  const state = known ?? { ssrc: header.ssrc, rolloverCounter: 0, lastSequenceNumber: 0 };
  const { rolloverCounter, lastSequenceNumber, rolloverHasProcessed } = state;
  context.updateRolloverCount(header.sequenceNumber, state);
  let decrypted: Buffer;
  try {
    [decrypted] = cipher.decryptRtp(cipherText, state.rolloverCounter, header);
  } catch (error) {
    state.rolloverCounter = rolloverCounter;
    state.lastSequenceNumber = lastSequenceNumber;
    state.rolloverHasProcessed = rolloverHasProcessed;
    throw error;
  }
  if (!known) {
    context.srtpSSRCStates[header.ssrc] = state;
  }
  return new RtpPacket(header, decrypted.subarray(header.payloadOffset, decrypted.length - header.paddingSize));
}

/** werift's `Event`, as far as this file looks into it. */
interface EventInternals<T extends unknown[]> {
  event: { stack: unknown[]; promiseStack: unknown[] };
  execute(...args: T): void;
}

/** The fields of werift's ICE `Connection` that receiving reads and writes. */
interface ConnectionInternals {
  nominated?: { protocol: unknown; packetsReceived: number; bytesReceived: number } | null;
  protocols: unknown[];
  onData: EventInternals<[Buffer]>;
}

/** The fields of werift's `RTCDtlsTransport` that receiving reads and writes. */
export interface ReceivingTransport {
  srtpStarted: boolean;
  config: { debug?: { inboundPacketLoss?: number } };
  srtp?: { remoteContext: SrtpContextInternals };
  bytesReceived: number;
  packetsReceived: number;
  iceTransport: { connection: ConnectionInternals };
  onRtp: EventInternals<[RtpPacket]>;
  startSrtp(): void;
}

/** The fields of werift's `StunProtocol` that receiving reads. */
interface ProtocolInternals {
  localCandidate?: unknown;
  onDataReceived: EventInternals<[Buffer]>;
  datagramReceived(data: Buffer, addr: unknown): void;
}

interface Route {
  connection: ConnectionInternals;
  transport: ReceivingTransport;
  /** The connection's listeners when SRTP started: werift's two, in the array it then had. */
  listeners: unknown[];
}

/** The listeners werift puts on an ICE connection's data: the ICE transport's (DTLS) and the DTLS transport's (SRTP). */
const WERIFT_CONNECTION_LISTENERS = 2;
const routes = new WeakMap<object, Route>();

/** Routes the RTP of the transport's connection past werift's events, when its listeners are werift's two. */
function routeReceivedRtp(transport: ReceivingTransport): void {
  const connection = transport.iceTransport?.connection;
  const listeners = connection?.onData.event.stack;
  if (!connection || listeners?.length !== WERIFT_CONNECTION_LISTENERS || connection.onData.event.promiseStack.length !== 0) {
    return;
  }
  for (const protocol of connection.protocols) {
    if (protocol instanceof StunProtocol) {
      routes.set(protocol, { connection, transport, listeners });
    }
  }
}

/** Whether a datagram is RTP (RFC 7983: first byte 128–191; RTCP's packet types 192–223 in its second byte, as werift's `isRtcp` reads them). */
function isRtp(data: Buffer): boolean {
  const first = data[0]!;
  const second = data[1];
  return first > 127 && first < 192 && second !== undefined && !(second >= 192 && second <= 208);
}

/**
 * What werift does with an RTP packet that arrives on a STUN protocol, from its `datagramReceived` to
 * the DTLS transport's `onRtp`, when the route is known and nothing else listens; false when the
 * packet should go werift's way.
 */
export function receiveRtp(protocol: ProtocolInternals, data: Buffer): boolean {
  const route = routes.get(protocol);
  if (!route || !protocol.localCandidate || !isRtp(data)) {
    return false;
  }
  const { connection, transport, listeners } = route;
  const events = connection.onData.event;
  const srtp = transport.srtp;
  if (
    events.stack !== listeners ||
    listeners.length !== WERIFT_CONNECTION_LISTENERS ||
    events.promiseStack.length !== 0 ||
    protocol.onDataReceived.event.stack.length !== 1 ||
    protocol.onDataReceived.event.promiseStack.length !== 0 ||
    transport.config.debug?.inboundPacketLoss ||
    !srtp ||
    !(srtp.remoteContext.cipher instanceof AesCmSrtpCipher)
  ) {
    return false;
  }
  // The ICE connection's listener.
  const pair = connection.nominated;
  if (pair && pair.protocol === protocol) {
    pair.packetsReceived++;
    pair.bytesReceived += data.length;
  }
  // The DTLS transport's: werift drops a packet that fails to decrypt or to read (it logs it).
  transport.bytesReceived += data.length;
  transport.packetsReceived++;
  let rtp: RtpPacket;
  try {
    rtp = decryptRtpPacket(srtp.remoteContext, data);
  } catch {
    return true;
  }
  try {
    transport.onRtp.execute(rtp);
  } catch {
    // As werift: an error of a listener is logged there and the packet is done.
  }
  return true;
}

/** The statistics werift's receiver keeps per stream (its `StreamStatistics`), as `add` writes them. */
export interface StreamStatisticsInternals {
  clockRate: number;
  base_seq?: number;
  max_seq?: number;
  cycles: number;
  packets_received: number;
  bytesReceived: number;
  headerBytesReceived: number;
  lastPacketReceivedTimestamp?: number;
  jitter_q4: number;
  last_arrival?: number;
  last_timestamp?: number;
  add(packet: RtpPacket, now?: number): void;
}

/**
 * werift's `StreamStatistics.add`: the same fields, but the arrival time is cut to whole clock ticks
 * with `Math.trunc` rather than through a string (`Number.parseInt(n, 10)`, the same number for any
 * time below 10^21 ticks).
 */
export function addToStatistics(stats: StreamStatisticsInternals, packet: RtpPacket, now = Date.now() / 1000): void {
  const { header } = packet;
  const sequenceNumber = header.sequenceNumber;
  const inOrder = stats.max_seq === undefined || uint16Gt(sequenceNumber, stats.max_seq);
  stats.packets_received++;
  stats.bytesReceived += packet.payload.length;
  stats.headerBytesReceived += header.serializeSize;
  stats.lastPacketReceivedTimestamp = performance.timeOrigin + performance.now();
  if (stats.base_seq === undefined) {
    stats.base_seq = sequenceNumber;
  }
  if (!inOrder) {
    return;
  }
  const arrival = Math.trunc(now * stats.clockRate);
  if (stats.max_seq !== undefined && sequenceNumber < stats.max_seq) {
    stats.cycles += 1 << 16;
  }
  stats.max_seq = sequenceNumber;
  if (header.timestamp !== stats.last_timestamp && stats.packets_received > 1) {
    const diff = Math.abs(arrival - (stats.last_arrival ?? 0) - (header.timestamp - (stats.last_timestamp ?? 0)));
    stats.jitter_q4 += diff - ((stats.jitter_q4 + 8) >> 4);
  }
  stats.last_arrival = arrival;
  stats.last_timestamp = header.timestamp;
}

/** The fields of werift's `RTCRtpReceiver` that its `handleRTP` reads and writes. */
export interface ReceiverInternals {
  stopped: boolean;
  codecs: Record<number, { mimeType: string; clockRate: number }>;
  remoteStreams: Record<number, StreamStatisticsInternals>;
  receiverTWCC?: unknown;
  readonly twccEnabled: unknown;
  readonly nackEnabled: unknown;
  nack: { addPacket(packet: RtpPacket): void };
  runRtcp(): Promise<void>;
  handleRTP(packet: RtpPacket, extensions: Record<string, unknown>, track?: TrackInternals): void;
}

interface TrackInternals {
  kind: string;
  onReceiveRtp: EventInternals<[RtpPacket, Record<string, unknown>]>;
}

/** Whether a codec is one werift's receiver unwraps (RTX, RED), by the name it takes from the MIME type; kept per MIME type. */
const unwrappedCodecs = new Map<string, boolean>();
function isUnwrapped(mimeType: string): boolean {
  let unwrapped = unwrappedCodecs.get(mimeType);
  if (unwrapped === undefined) {
    const name = mimeType.split('/')[1]?.toLowerCase();
    unwrapped = name === 'rtx' || name === 'red';
    unwrappedCodecs.set(mimeType, unwrapped);
  }
  return unwrapped;
}

let originalHandleRtp: ReceiverInternals['handleRTP'] | undefined;

/** werift's `RTCRtpReceiver.handleRTP` for a plain stream whose statistics exist; werift's own for anything else. */
export function handleRtp(this: ReceiverInternals, packet: RtpPacket, extensions: Record<string, unknown>, track?: TrackInternals): void {
  if (this.stopped) {
    return;
  }
  const { ssrc, payloadType } = packet.header;
  const codec = this.codecs[payloadType];
  const stats = this.remoteStreams[ssrc];
  if (!codec || !stats || this.receiverTWCC || this.twccEnabled || isUnwrapped(codec.mimeType)) {
    originalHandleRtp!.call(this, packet, extensions, track);
    return;
  }
  addToStatistics(stats, packet);
  if (track?.kind === 'video' && this.nackEnabled) {
    this.nack.addPacket(packet);
  }
  if (track) {
    track.onReceiveRtp.execute(packet.clone(), extensions);
  }
  void this.runRtcp();
}

let isInstalled = false;

/** Puts the shorter receive path in place of werift's (once per process). */
export function installReceivePath(): void {
  if (isInstalled) return;
  isInstalled = true;
  const protocol = StunProtocol.prototype as unknown as ProtocolInternals;
  const datagramReceived = protocol.datagramReceived;
  protocol.datagramReceived = function (this: ProtocolInternals, data: Buffer, addr: unknown) {
    if (!receiveRtp(this, data)) {
      datagramReceived.call(this, data, addr);
    }
  };
  const dtls = RTCDtlsTransport.prototype as unknown as ReceivingTransport;
  const startSrtp = dtls.startSrtp;
  dtls.startSrtp = function (this: ReceivingTransport) {
    const wasStarted = this.srtpStarted;
    startSrtp.call(this);
    if (!wasStarted) {
      routeReceivedRtp(this);
    }
  };
  const receiver = RTCRtpReceiver.prototype as unknown as ReceiverInternals;
  originalHandleRtp = receiver.handleRTP;
  receiver.handleRTP = handleRtp;
}

/** werift's receiver code, kept for the tests that compare. */
export function weriftReceiveOriginals(): { handleRTP: ReceiverInternals['handleRTP'] } {
  return { handleRTP: originalHandleRtp ?? (RTCRtpReceiver.prototype as unknown as ReceiverInternals).handleRTP };
}
