import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import {
  RTCPeerConnection,
  useOPUS,
  useSdesMid,
  useVP8,
  type MediaStreamTrack,
  type RTCDataChannel,
  type RTCRtpSender,
  type RTCRtpTransceiver,
  type RtpPacket,
} from 'werift';
import { systemClock, type Clock } from '../../../lib/clock.js';
import {
  assertEngineOpen,
  describeTransceiverLayout,
  findRoom,
  MediaEngineError,
  MediaEngineListeners,
  type JoinInput,
  type JoinResult,
  type MediaEngine,
  type MediaEngineEvent,
  type MediaEngineListener,
  type MediaPeerRole,
  type MediaRoomState,
  type OpenRoomInput,
  type RecordingSegment,
  type TransceiverSlot,
} from './media-engine.js';
import { findNextSegmentIndex, silentLogger, type MediaLogger } from './segment-recorder.js';
import { SegmentRecording } from './segment-recording.js';
import { addVideoBitrateHints, keepCandidatesOn } from './answer-sdp.js';
import { readVp8KeyframeSize, type Vp8KeyframeSize } from './vp8-keyframe.js';
import { forwardRtp, installWeriftFixes } from './werift-fixes.js';

/** A STUN or TURN server (coturn), as in the browser's `RTCIceServer`. */
export interface IceServer {
  urls: string | string[];
  username?: string;
  credential?: string;
}

/** How the server's side of ICE is set up. */
export interface WeriftIceOptions {
  /** STUN/TURN servers the server itself uses to find its public address or relay. Default: none. */
  servers?: IceServer[];
  /** Extra host candidates to announce, e.g. the public address of a 1:1 NAT in front of the server, or 127.0.0.1 in tests. */
  additionalHostAddresses?: string[];
  /** Local address to bind the UDP sockets to (`{ udp4: '10.0.0.5' }`). Default: all interfaces. */
  interfaceAddresses?: { udp4?: string; udp6?: string };
  /** Inclusive UDP port range for media, to be opened in the firewall. Default: any free port. */
  portRange?: [number, number];
  /** Also gather IPv6 candidates. Default true. */
  useIpv6?: boolean;
  /** Only use TURN relay candidates. Default false. */
  relayOnly?: boolean;
  /**
   * Announce and contact only these addresses: the answer keeps only candidates on them and remote
   * candidates elsewhere are ignored. Tests pin everything to 127.0.0.1 with it; a multi-homed server
   * can hide its internal interfaces. Default: no restriction.
   */
  onlyAddresses?: string[];
}

export interface WeriftEngineOptions {
  ice?: WeriftIceOptions;
  /** Inspector slots per room; every browser's offer carries this many receive-audio slots. Default 4. */
  maxInspectors?: number;
  /** Interval of the keyframe requests (PLI) to the phone; 0 turns them off. Default 3000 ms. */
  keyframeIntervalMs?: number;
  /** How often a growing recording is forced to disk. Default 1000 ms. */
  flushIntervalMs?: number;
  /** How long a `disconnected` peer may take to come back before it counts as gone. Default 15000 ms. */
  disconnectGraceMs?: number;
  /** Upper bound on gathering the server's ICE candidates for an answer. Default 10000 ms. */
  iceGatheringTimeoutMs?: number;
  /** How long a new segment waits for the phone's first audio before it is recorded without sound. Default 2000 ms. */
  audioWaitMs?: number;
  /** How long recording goes on after a stop while the phone still sends, so the packets on their way reach the file. Default 250 ms. */
  recordingTailMs?: number;
  /** The bitrate a phone's video starts at (Chrome's `x-google-start-bitrate`); 0 leaves Chrome's 300 kbps. Default 2000 kbps. */
  videoStartBitrateKbps?: number;
  /** The most a phone's video may use (Chrome's `x-google-max-bitrate`); 0 leaves Chrome's 2 Mbps, too little for 720p. Default 3000 kbps. */
  videoMaxBitrateKbps?: number;
  /** The ffmpeg binary for the final remux; null keeps werift's file as it is. Default `ffmpeg`. */
  ffmpegPath?: string | null;
  clock?: Clock;
  logger?: MediaLogger;
}

/** Forwards one incoming stream (phone camera, phone microphone, an inspector slot) to a set of senders. */
class Relay {
  private readonly senders = new Set<RTCRtpSender>();
  private sourceSsrc: number | null = null;

  addSender(sender: RTCRtpSender): void {
    this.senders.add(sender);
  }

  removeSender(sender: RTCRtpSender): void {
    this.senders.delete(sender);
  }

  forward(rtp: RtpPacket): void {
    if (rtp.header.ssrc !== this.sourceSsrc) {
      // A new source (a rejoined phone, another inspector in the slot): keep every receiver's
      // sequence numbers and timestamps continuous, so its jitter buffer does not throw the stream away.
      if (this.sourceSsrc !== null) {
        for (const sender of this.senders) {
          sender.replaceRTP(rtp.header);
        }
      }
      this.sourceSsrc = rtp.header.ssrc;
    }
    if (this.senders.size === 0) {
      return;
    }
    const packet = rtp.clone();
    // Header extension ids were negotiated with the source browser, not with the receivers.
    packet.header.extensions = [];
    packet.header.extension = false;
    for (const sender of this.senders) {
      forwardRtp(sender, packet);
    }
  }
}

interface Peer {
  id: string;
  role: MediaPeerRole;
  pc: RTCPeerConnection;
  joinedAt: Date;
  /** Media transceivers in m-line order, paired with the layout slot they carry (null: not in the layout, left inactive). */
  transceivers: { transceiver: RTCRtpTransceiver; slot: TransceiverSlot | null }[];
  inspectorSlot: number | null;
  control: RTCDataChannel | null;
  isGone: boolean;
  disconnectTimer: NodeJS.Timeout | null;
  unsubscribers: (() => void)[];
  /** Relays this peer's senders are registered with, to unregister on leave. */
  sendingFrom: { relay: Relay; sender: RTCRtpSender }[];
  seenMedia: Set<'audio' | 'video'>;
  /** The phone's camera, for the recorder. */
  videoTrack: MediaStreamTrack | null;
  /** The phone's or the inspector's microphone, for the recorder. */
  audioTrack: MediaStreamTrack | null;
  // The phone's camera receiver, for keyframe requests.
  videoReceiverTransceiver: RTCRtpTransceiver | null;
  videoSsrc: number | null;
  keyframeSize: Vp8KeyframeSize | null;
  firstVideoAt: number | null;
  /** When the last packet of any kind came from this peer. */
  lastMediaAt: Date | null;
}

interface Room {
  id: string;
  folder: string;
  phone: Peer | null;
  inspectors: Map<string, Peer>;
  phoneVideo: Relay;
  phoneAudio: Relay;
  inspectorAudio: Relay[];
  isRecording: boolean;
  /** Set by closeRoom: joins that finish after it are refused. */
  isClosing: boolean;
  nextSegmentIndex: number;
  running: SegmentRecording | null;
  lastSegmentEndedAt: Date | null;
  finalised: RecordingSegment[];
  finalising: Set<Promise<void>>;
  keyframeTimer: NodeJS.Timeout | null;
  segmentRetryTimer: NodeJS.Timeout | null;
  lastKeyframeRequestAt: number;
}

const KEYFRAME_REQUEST_MIN_GAP_MS = 300;

/**
 * The in-process SFU on werift. See README.md in this folder for the design, the recording
 * pipeline and the production settings.
 */
export class WeriftMediaEngine implements MediaEngine {
  readonly maxInspectors: number;
  private readonly options: Required<Omit<WeriftEngineOptions, 'ice' | 'clock' | 'logger'>>;
  private readonly ice: WeriftIceOptions;
  private readonly clock: Clock;
  private readonly logger: MediaLogger;
  private readonly rooms = new Map<string, Room>();
  private readonly listeners = new MediaEngineListeners((error, event) =>
    this.logger.error({ err: error, event: event.type }, 'media engine listener failed'),
  );
  private isClosed = false;

  constructor(options: WeriftEngineOptions = {}) {
    // The recorder's jitter buffer and clock, fixed (see the module).
    installWeriftFixes();
    this.maxInspectors = options.maxInspectors ?? 4;
    this.options = {
      maxInspectors: this.maxInspectors,
      keyframeIntervalMs: options.keyframeIntervalMs ?? 3000,
      flushIntervalMs: options.flushIntervalMs ?? 1000,
      disconnectGraceMs: options.disconnectGraceMs ?? 15_000,
      iceGatheringTimeoutMs: options.iceGatheringTimeoutMs ?? 10_000,
      audioWaitMs: options.audioWaitMs ?? 2000,
      recordingTailMs: options.recordingTailMs ?? 250,
      videoStartBitrateKbps: options.videoStartBitrateKbps ?? 2000,
      videoMaxBitrateKbps: options.videoMaxBitrateKbps ?? 3000,
      ffmpegPath: options.ffmpegPath === undefined ? 'ffmpeg' : options.ffmpegPath,
    };
    this.ice = options.ice ?? {};
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger ?? silentLogger;
  }

  onEvent(listener: MediaEngineListener): () => void {
    return this.listeners.add(listener);
  }

  async openRoom(input: OpenRoomInput): Promise<void> {
    assertEngineOpen(this.isClosed);
    if (this.rooms.has(input.roomId)) {
      throw new MediaEngineError('MEDIA_ROOM_EXISTS', `Media room ${input.roomId} is already open`);
    }
    const folder = resolve(input.recordingFolder);
    await mkdir(folder, { recursive: true });
    this.rooms.set(input.roomId, {
      id: input.roomId,
      folder,
      phone: null,
      inspectors: new Map(),
      phoneVideo: new Relay(),
      phoneAudio: new Relay(),
      inspectorAudio: Array.from({ length: this.maxInspectors }, () => new Relay()),
      isRecording: false,
      isClosing: false,
      nextSegmentIndex: await findNextSegmentIndex(folder),
      running: null,
      lastSegmentEndedAt: null,
      finalised: [],
      finalising: new Set(),
      keyframeTimer: null,
      segmentRetryTimer: null,
      lastKeyframeRequestAt: 0,
    });
  }

  async join(input: JoinInput): Promise<JoinResult> {
    assertEngineOpen(this.isClosed);
    const room = this.getRoom(input.roomId);
    if (!input.offerSdp.includes('m=')) {
      throw new MediaEngineError('MEDIA_OFFER_INVALID', 'The offer has no media section');
    }

    // Fail fast; the slot itself is taken once the answer is ready.
    this.findFreeInspectorSlot(room, input);

    const layout = describeTransceiverLayout(input.role, this.maxInspectors);
    const pc = this.createPeerConnection();
    const peer: Peer = {
      id: input.peerId,
      role: input.role,
      pc,
      joinedAt: this.clock.now(),
      transceivers: [],
      inspectorSlot: null,
      control: null,
      isGone: false,
      disconnectTimer: null,
      unsubscribers: [],
      sendingFrom: [],
      seenMedia: new Set(),
      videoTrack: null,
      audioTrack: null,
      videoReceiverTransceiver: null,
      videoSsrc: null,
      keyframeSize: null,
      firstVideoAt: null,
      lastMediaAt: null,
    };

    // Directions are set as each remote m-line appears, before werift decides what to receive.
    const transceiverAdded = pc.onRemoteTransceiverAdded.subscribe((transceiver) => {
      const slot = layout[peer.transceivers.length];
      if (slot && slot.kind === transceiver.kind) {
        transceiver.setDirection(slot.direction === 'sendonly' ? 'recvonly' : 'sendonly');
        peer.transceivers.push({ transceiver, slot });
      } else {
        transceiver.setDirection('inactive');
        peer.transceivers.push({ transceiver, slot: null });
      }
    });
    peer.unsubscribers.push(transceiverAdded.unSubscribe);

    try {
      await pc.setRemoteDescription({ type: 'offer', sdp: input.offerSdp });
      this.assertLayout(peer, layout);
      const answer = await pc.createAnswer();
      await pc.setLocalDescription(answer);
      await this.waitForIceGathering(pc);
    } catch (error) {
      await pc.close().catch(() => undefined);
      if (error instanceof MediaEngineError) {
        throw error;
      }
      throw new MediaEngineError('MEDIA_OFFER_INVALID', `The offer could not be answered: ${(error as Error).message}`);
    }
    const answerSdp = this.adjustAnswer(pc.localDescription?.sdp, input.role);
    if (!answerSdp) {
      await pc.close().catch(() => undefined);
      throw new MediaEngineError('MEDIA_OFFER_INVALID', 'No answer was produced');
    }

    // Between here and wirePeer nothing awaits, so concurrent joins cannot interleave: the room
    // may have been closed, and a rejoin with the same id or a second phone replaces the old
    // connection (removePeer updates the room before its first await).
    if (this.rooms.get(room.id) !== room || room.isClosing) {
      await pc.close().catch(() => undefined);
      throw new MediaEngineError('MEDIA_ROOM_NOT_FOUND', `Media room ${room.id} was closed`);
    }
    const replaced = [input.role === 'phone' ? room.phone : null, this.findPeer(room, input.peerId)].filter(
      (old, index, all): old is Peer => old !== null && all.indexOf(old) === index,
    );
    const removals = replaced.map((old) => this.removePeer(room, old, 'replaced'));
    let inspectorSlot: number | null;
    try {
      inspectorSlot = this.findFreeInspectorSlot(room, input);
    } catch (error) {
      await Promise.all([...removals, pc.close().catch(() => undefined)]);
      throw error;
    }
    peer.inspectorSlot = inspectorSlot;
    if (input.role === 'phone') {
      room.phone = peer;
    } else {
      room.inspectors.set(peer.id, peer);
    }
    this.wirePeer(room, peer);
    this.emit({ type: 'peer-joined', roomId: room.id, peerId: peer.id, role: peer.role, at: peer.joinedAt });
    // The old connections are already out of the room; their teardown need not delay the answer.
    void Promise.all(removals);
    return inspectorSlot === null ? { answerSdp } : { answerSdp, inspectorSlot };
  }

  /** The lowest inspector slot not held by another inspector; null for a phone. */
  private findFreeInspectorSlot(room: Room, input: JoinInput): number | null {
    if (input.role !== 'inspector') {
      return null;
    }
    const taken = new Set([...room.inspectors.values()].filter((peer) => peer.id !== input.peerId).map((peer) => peer.inspectorSlot));
    const free = Array.from({ length: this.maxInspectors }, (_, slot) => slot).find((slot) => !taken.has(slot));
    if (free === undefined) {
      throw new MediaEngineError('MEDIA_ROOM_FULL', `Media room ${room.id} already has ${this.maxInspectors} inspectors`);
    }
    return free;
  }

  async leave(roomId: string, peerId: string): Promise<void> {
    const room = this.getRoom(roomId);
    const peer = this.findPeer(room, peerId);
    if (!peer) {
      throw new MediaEngineError('MEDIA_PEER_NOT_FOUND', `Peer ${peerId} is not in media room ${roomId}`);
    }
    await this.removePeer(room, peer, 'left');
  }

  async startRecording(roomId: string): Promise<void> {
    const room = this.getRoom(roomId);
    if (room.isRecording || room.isClosing) {
      return;
    }
    room.isRecording = true;
    this.requestKeyframeNow(room);
    this.maybeStartSegment(room);
  }

  async stopRecording(roomId: string): Promise<RecordingSegment[]> {
    const room = this.getRoom(roomId);
    room.isRecording = false;
    this.endSegment(room);
    await Promise.all([...room.finalising]);
    return [...room.finalised];
  }

  requestKeyframe(roomId: string): void {
    this.requestKeyframeNow(this.getRoom(roomId));
  }

  async sendToPeer(roomId: string, peerId: string, message: string): Promise<boolean> {
    const peer = this.findPeer(this.getRoom(roomId), peerId);
    if (!peer?.control || peer.control.readyState !== 'open') {
      return false;
    }
    peer.control.send(message);
    return true;
  }

  getRoomState(roomId: string): MediaRoomState {
    const room = this.getRoom(roomId);
    const peers = [room.phone, ...room.inspectors.values()].filter((peer): peer is Peer => peer !== null);
    return {
      roomId: room.id,
      peers: peers.map((peer) => ({
        peerId: peer.id,
        role: peer.role,
        connectionState: peer.pc.connectionState,
        inspectorSlot: peer.inspectorSlot,
        joinedAt: peer.joinedAt,
      })),
      isRecording: room.isRecording,
      activeSegment: room.running ? { ...room.running.segment } : null,
      finalisedSegments: [...room.finalised],
    };
  }

  async closeRoom(roomId: string): Promise<RecordingSegment[]> {
    const room = this.getRoom(roomId);
    room.isClosing = true;
    await this.stopRecording(roomId);
    const peers = [room.phone, ...room.inspectors.values()].filter((peer): peer is Peer => peer !== null);
    await Promise.all(peers.map((peer) => this.removePeer(room, peer, 'room-closed')));
    this.clearRoomTimers(room);
    this.rooms.delete(roomId);
    return [...room.finalised];
  }

  async close(): Promise<void> {
    if (this.isClosed) {
      return;
    }
    await Promise.all([...this.rooms.keys()].map((roomId) => this.closeRoom(roomId)));
    this.isClosed = true;
    this.listeners.clear();
  }

  private createPeerConnection(): RTCPeerConnection {
    const onlyAddresses = this.ice.onlyAddresses;
    return new RTCPeerConnection({
      // VP8 and Opus only: every browser has them, WebM holds them, and one codec per kind lets the
      // SFU forward packets unchanged. No TWCC: with it werift's feedback holds Chrome at 320×180.
      codecs: { video: [useVP8()], audio: [useOPUS()] },
      headerExtensions: { video: [useSdesMid()], audio: [useSdesMid()] },
      iceServers: this.ice.servers ?? [],
      iceTransportPolicy: this.ice.relayOnly ? 'relay' : 'all',
      icePortRange: this.ice.portRange,
      iceInterfaceAddresses: this.ice.interfaceAddresses,
      iceAdditionalHostAddresses: this.ice.additionalHostAddresses,
      iceUseIpv6: this.ice.useIpv6 ?? true,
      iceFilterCandidatePair: onlyAddresses ? (pair) => onlyAddresses.includes(pair.remoteCandidate.host) : undefined,
    });
  }

  private adjustAnswer(sdp: string | undefined, role: MediaPeerRole): string | undefined {
    if (!sdp) {
      return undefined;
    }
    let adjusted = sdp;
    if (this.ice.onlyAddresses) {
      adjusted = keepCandidatesOn(adjusted, this.ice.onlyAddresses);
    }
    if (role === 'phone') {
      adjusted = addVideoBitrateHints(adjusted, {
        startKbps: this.options.videoStartBitrateKbps,
        maxKbps: this.options.videoMaxBitrateKbps,
      });
    }
    return adjusted;
  }

  private assertLayout(peer: Peer, layout: TransceiverSlot[]): void {
    const required = peer.role === 'phone' ? 2 : 3;
    const matching = peer.transceivers.filter((entry, index) => layout[index] === entry.slot).length;
    if (matching < required) {
      throw new MediaEngineError(
        'MEDIA_OFFER_INVALID',
        `A ${peer.role}'s offer must start with ${layout
          .slice(0, required)
          .map((slot) => `${slot.kind} ${slot.direction}`)
          .join(', ')}; it has ${peer.transceivers.map((entry) => entry.transceiver.kind).join(', ') || 'no media'}`,
      );
    }
  }

  private waitForIceGathering(pc: RTCPeerConnection): Promise<void> {
    if (pc.iceGatheringState === 'complete') {
      return Promise.resolve();
    }
    return new Promise((done) => {
      const timer = setTimeout(() => {
        subscription.unSubscribe();
        done();
      }, this.options.iceGatheringTimeoutMs);
      const subscription = pc.iceGatheringStateChange.subscribe((state) => {
        if (state === 'complete') {
          clearTimeout(timer);
          subscription.unSubscribe();
          done();
        }
      });
    });
  }

  /** Connects a peer's tracks to the room's relays and watches its connection. */
  private wirePeer(room: Room, peer: Peer): void {
    for (const { transceiver, slot } of peer.transceivers) {
      if (!slot) {
        continue;
      }
      const isServerReceiving = slot.direction === 'sendonly';
      if (isServerReceiving) {
        const track = transceiver.receiver.track;
        const relay = this.relayForIncoming(room, peer, slot);
        if (peer.role === 'phone' && slot.carries === 'phone-camera') {
          peer.videoTrack = track;
          peer.videoReceiverTransceiver = transceiver;
        }
        if (slot.carries === 'phone-microphone' || slot.carries === 'own-microphone') {
          peer.audioTrack = track;
        }
        const subscription = track.onReceiveRtp.subscribe((rtp) => {
          if (peer.isGone) {
            return;
          }
          relay?.forward(rtp);
          this.noticeMedia(room, peer, slot, rtp);
        });
        peer.unsubscribers.push(subscription.unSubscribe);
      } else {
        const relay = this.relayForOutgoing(room, peer, slot);
        if (relay) {
          relay.addSender(transceiver.sender);
          peer.sendingFrom.push({ relay, sender: transceiver.sender });
        }
        if (slot.carries === 'phone-camera') {
          // An inspector's decoder asking for a keyframe (after loss, or on joining) asks the phone.
          const subscription = transceiver.sender.onPictureLossIndication.subscribe(() => this.requestKeyframeNow(room));
          peer.unsubscribers.push(subscription.unSubscribe);
        }
      }
    }

    const dataChannels = peer.pc.onDataChannel.subscribe((channel) => {
      if (channel.label !== 'control') {
        return;
      }
      peer.control = channel;
      channel.onMessage.subscribe((data) => {
        this.emit({
          type: 'peer-message',
          roomId: room.id,
          peerId: peer.id,
          role: peer.role,
          message: typeof data === 'string' ? data : data.toString('utf8'),
          at: this.clock.now(),
        });
      });
    });
    peer.unsubscribers.push(dataChannels.unSubscribe);

    const states = peer.pc.connectionStateChange.subscribe((state) => {
      if (peer.isGone) {
        return;
      }
      this.emit({ type: 'peer-connection-state', roomId: room.id, peerId: peer.id, role: peer.role, state, at: this.clock.now() });
      if (state === 'connected') {
        this.clearDisconnectTimer(peer);
        if (peer.role === 'inspector') {
          this.requestKeyframeNow(room);
        }
      } else if (state === 'disconnected') {
        if (!peer.disconnectTimer) {
          peer.disconnectTimer = setTimeout(() => {
            void this.removePeer(room, peer, 'connection-lost');
          }, this.options.disconnectGraceMs);
          peer.disconnectTimer.unref();
        }
      } else if (state === 'failed' || state === 'closed') {
        void this.removePeer(room, peer, 'connection-lost');
      }
    });
    peer.unsubscribers.push(states.unSubscribe);

    if (peer.role === 'phone') {
      this.startKeyframeTimer(room);
    }
  }

  private relayForIncoming(room: Room, peer: Peer, slot: TransceiverSlot): Relay | null {
    switch (slot.carries) {
      case 'phone-camera':
        return room.phoneVideo;
      case 'phone-microphone':
        return room.phoneAudio;
      case 'own-microphone':
        return peer.inspectorSlot === null ? null : (room.inspectorAudio[peer.inspectorSlot] ?? null);
      case 'inspector-microphone':
        return null;
    }
  }

  private relayForOutgoing(room: Room, peer: Peer, slot: TransceiverSlot): Relay | null {
    switch (slot.carries) {
      case 'phone-camera':
        return room.phoneVideo;
      case 'phone-microphone':
        return room.phoneAudio;
      case 'inspector-microphone':
        if (slot.inspectorSlot === undefined || slot.inspectorSlot === peer.inspectorSlot) {
          return null;
        }
        return room.inspectorAudio[slot.inspectorSlot] ?? null;
      case 'own-microphone':
        return null;
    }
  }

  private noticeMedia(room: Room, peer: Peer, slot: TransceiverSlot, rtp: RtpPacket): void {
    peer.lastMediaAt = this.clock.now();
    if (!peer.seenMedia.has(slot.kind)) {
      peer.seenMedia.add(slot.kind);
      this.emit({ type: 'first-media', roomId: room.id, peerId: peer.id, role: peer.role, kind: slot.kind, at: this.clock.now() });
    }
    if (slot.carries === 'own-microphone') {
      if (room.running && peer.audioTrack && peer.inspectorSlot !== null && !room.running.hasInspector(peer.id)) {
        room.running.addInspector(peer.id, peer.inspectorSlot, peer.audioTrack);
      }
      return;
    }
    if (slot.carries === 'phone-camera') {
      peer.videoSsrc = rtp.header.ssrc;
      peer.firstVideoAt ??= Date.now();
      const size = readVp8KeyframeSize(rtp.payload);
      if (size) {
        peer.keyframeSize = size;
        if (room.running?.segment.peerId === peer.id) {
          room.running.notePictureSize(size);
        } else if (room.isRecording && !room.running) {
          this.maybeStartSegment(room);
        }
      }
    } else if (slot.carries === 'phone-microphone' && room.isRecording && !room.running) {
      this.maybeStartSegment(room);
    }
  }

  /** Opens a segment once recording is on and the phone has sent a keyframe (and, briefly waited for, audio). */
  private maybeStartSegment(room: Room): void {
    const phone = room.phone;
    if (!room.isRecording || room.running || !phone || phone.isGone || !phone.videoTrack || !phone.keyframeSize) {
      return;
    }
    const hasAudio = phone.seenMedia.has('audio') && phone.audioTrack !== null;
    const waitedMs = Date.now() - (phone.firstVideoAt ?? Date.now());
    if (!hasAudio && waitedMs < this.options.audioWaitMs) {
      if (!room.segmentRetryTimer) {
        room.segmentRetryTimer = setTimeout(() => {
          room.segmentRetryTimer = null;
          this.maybeStartSegment(room);
        }, this.options.audioWaitMs - waitedMs);
        room.segmentRetryTimer.unref();
      }
      return;
    }

    const index = room.nextSegmentIndex;
    room.nextSegmentIndex += 1;
    const now = this.clock.now();
    const recording = new SegmentRecording({
      roomId: room.id,
      index,
      folder: room.folder,
      phonePeerId: phone.id,
      videoTrack: phone.videoTrack,
      audioTrack: hasAudio ? phone.audioTrack : null,
      size: phone.keyframeSize,
      gapBeforeMs: room.lastSegmentEndedAt ? now.getTime() - room.lastSegmentEndedAt.getTime() : null,
      flushIntervalMs: this.options.flushIntervalMs,
      ffmpegPath: this.options.ffmpegPath,
      clock: this.clock,
      logger: this.logger,
      onError: (error) => {
        this.logger.error({ err: error, roomId: room.id, segment: index }, 'recording segment write failed');
        this.emit({ type: 'recording-error', roomId: room.id, message: error.message, at: this.clock.now() });
      },
    });
    room.running = recording;
    for (const inspector of room.inspectors.values()) {
      if (inspector.seenMedia.has('audio') && inspector.audioTrack && inspector.inspectorSlot !== null) {
        recording.addInspector(inspector.id, inspector.inspectorSlot, inspector.audioTrack);
      }
    }
    // The writer skips everything up to the next keyframe.
    this.requestKeyframeNow(room, true);
    this.logger.info({ roomId: room.id, segment: index, gapBeforeMs: recording.segment.gapBeforeMs }, 'recording segment started');
    this.emit({ type: 'recording-segment-started', roomId: room.id, segment: { ...recording.segment } });
  }

  /** Closes the running segment now and finalises it in the background (tracked in `room.finalising`). */
  private endSegment(room: Room, endedAt: Date = this.clock.now()): void {
    if (room.segmentRetryTimer) {
      clearTimeout(room.segmentRetryTimer);
      room.segmentRetryTimer = null;
    }
    const running = room.running;
    if (!running) {
      return;
    }
    room.running = null;
    room.lastSegmentEndedAt = endedAt;
    // Only a phone that is still sending has anything left to flush through the buffers.
    const tailMs = room.phone && !room.phone.isGone ? this.options.recordingTailMs : 0;
    const task = (async () => {
      try {
        const segment = await running.finish(tailMs, endedAt);
        room.finalised.push(segment);
        room.finalised.sort((a, b) => a.index - b.index);
        this.logger.info({ roomId: room.id, segment: segment.index, sha256: segment.sha256 }, 'recording segment finalised');
        this.emit({ type: 'recording-segment-finalised', roomId: room.id, segment: { ...segment } });
      } catch (error) {
        this.logger.error({ err: error, roomId: room.id, segment: running.segment.index }, 'recording segment could not be finalised');
        this.emit({ type: 'recording-error', roomId: room.id, message: (error as Error).message, at: this.clock.now() });
      }
    })();
    room.finalising.add(task);
    void task.finally(() => room.finalising.delete(task));
  }

  private async removePeer(room: Room, peer: Peer, reason: 'left' | 'replaced' | 'connection-lost' | 'room-closed'): Promise<void> {
    if (peer.isGone) {
      return;
    }
    peer.isGone = true;
    this.clearDisconnectTimer(peer);
    for (const unsubscribe of peer.unsubscribers) {
      unsubscribe();
    }
    for (const { relay, sender } of peer.sendingFrom) {
      relay.removeSender(sender);
    }
    if (peer.role === 'phone' && room.phone === peer) {
      room.phone = null;
      // A lost phone went silent before the grace period ran out: the segment ends with its last packet.
      this.endSegment(room, reason === 'connection-lost' && peer.lastMediaAt ? peer.lastMediaAt : this.clock.now());
      if (room.keyframeTimer) {
        clearInterval(room.keyframeTimer);
        room.keyframeTimer = null;
      }
    } else if (room.inspectors.get(peer.id) === peer) {
      room.inspectors.delete(peer.id);
      room.running?.removeInspector(peer.id);
    }
    this.emit({ type: 'peer-left', roomId: room.id, peerId: peer.id, role: peer.role, reason, at: this.clock.now() });
    await peer.pc.close().catch(() => undefined);
  }

  private startKeyframeTimer(room: Room): void {
    if (room.keyframeTimer || this.options.keyframeIntervalMs <= 0) {
      return;
    }
    // Regular keyframes bound how much a new inspector, a lost packet or a crash can cost, and
    // give the recording a cluster (and a seek point) every interval.
    room.keyframeTimer = setInterval(() => this.requestKeyframeNow(room, true), this.options.keyframeIntervalMs);
    room.keyframeTimer.unref();
  }

  private requestKeyframeNow(room: Room, isForced = false): void {
    const phone = room.phone;
    if (!phone?.videoReceiverTransceiver || phone.videoSsrc === null || phone.isGone) {
      return;
    }
    const now = Date.now();
    if (!isForced && now - room.lastKeyframeRequestAt < KEYFRAME_REQUEST_MIN_GAP_MS) {
      return;
    }
    room.lastKeyframeRequestAt = now;
    void phone.videoReceiverTransceiver.receiver.sendRtcpPLI(phone.videoSsrc).catch(() => undefined);
  }

  private clearDisconnectTimer(peer: Peer): void {
    if (peer.disconnectTimer) {
      clearTimeout(peer.disconnectTimer);
      peer.disconnectTimer = null;
    }
  }

  private clearRoomTimers(room: Room): void {
    if (room.keyframeTimer) {
      clearInterval(room.keyframeTimer);
      room.keyframeTimer = null;
    }
    if (room.segmentRetryTimer) {
      clearTimeout(room.segmentRetryTimer);
      room.segmentRetryTimer = null;
    }
  }

  private findPeer(room: Room, peerId: string): Peer | null {
    if (room.phone?.id === peerId) {
      return room.phone;
    }
    return room.inspectors.get(peerId) ?? null;
  }

  private getRoom(roomId: string): Room {
    return findRoom(this.rooms, roomId);
  }

  private emit(event: MediaEngineEvent): void {
    this.listeners.emit(event);
  }
}
