import { LIVE_CLOSE_CODES, type LiveClientMessage, type LiveConfig, type LiveRole, type LiveServerMessage } from '@yuanqu/shared';
import { buildPeerConnection, createCompleteOffer, type PeerConnectionParts, type RemoteTrack } from './peer-connection';

/**
 * The browser's side of a live inspection session: one WebSocket for signalling and everything
 * that is not media (see `packages/shared/src/inspection/live-protocol.ts`), and one
 * RTCPeerConnection laid out as the server's `welcome.config.layout` says.
 *
 * It keeps itself joined: a dropped socket is reopened with backoff, a welcome always gets a fresh
 * peer connection and a complete offer, and a media link that fails (or stays `disconnected`) is
 * rebuilt over the open socket. Joining again with the same link or account replaces the old
 * connection on the server, so a rejoin is the same call continued.
 */
export type LiveStatus =
  /** Opening the socket (first time). */
  | 'connecting'
  /** The socket is open; media is being negotiated. */
  | 'joining'
  /** Media flows. */
  | 'connected'
  /** The socket or the media link dropped; trying again. */
  | 'reconnecting'
  /** The server refused the socket (signed out, forbidden, link expired, not found). */
  | 'refused'
  /** Another window of the same person took the session over. */
  | 'replaced'
  /** The session ended (an inspector ended it) or the user left. */
  | 'ended';

export interface LiveClientOptions {
  /** `ws(s)://host/api/...live`. */
  url: string;
  role: LiveRole;
  /** The tracks to send now: the phone's camera and microphone, or the inspector's microphone. */
  getLocalTracks: () => { camera?: MediaStreamTrack | null; microphone?: MediaStreamTrack | null };
  onMessage: (message: LiveServerMessage) => void;
  onStatus: (status: LiveStatus, detail?: { code?: number; reason?: string }) => void;
  /** A track the peer connection receives (the phone's camera and microphone, an inspector's voice). */
  onRemoteTracks?: (tracks: RemoteTrack[]) => void;
}

/** Close codes after which trying again would be refused the same way. */
const FINAL_CLOSE_CODES: ReadonlySet<number> = new Set([
  LIVE_CLOSE_CODES.signedOut,
  LIVE_CLOSE_CODES.forbidden,
  LIVE_CLOSE_CODES.notFound,
  LIVE_CLOSE_CODES.expired,
  LIVE_CLOSE_CODES.replaced,
  LIVE_CLOSE_CODES.ended,
]);

/** How long the media link may stay `disconnected` before it is rebuilt (the server waits 15 s). */
const DISCONNECTED_GRACE_MS = 6_000;
const MAX_BACKOFF_MS = 10_000;

/** The WebSocket address of a same-origin path. */
export function liveSocketUrl(path: string, location: Pick<Location, 'protocol' | 'host'> = window.location): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${path}`;
}

function isServerMessage(value: unknown): value is LiveServerMessage {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

export class LiveClient {
  private socket: WebSocket | null = null;
  private peer: PeerConnectionParts | null = null;
  private config: LiveConfig | null = null;
  private isStopped = false;
  private attempts = 0;
  private joinCount = 0;
  private reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  private disconnectedTimer: ReturnType<typeof setTimeout> | null = null;
  private status: LiveStatus = 'connecting';

  constructor(private readonly options: LiveClientOptions) {}

  start(): void {
    this.isStopped = false;
    this.openSocket();
  }

  /** Leaves on purpose: tells the server, closes the media and the socket. */
  stop(): void {
    if (this.isStopped) return;
    this.isStopped = true;
    this.clearTimers();
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify({ type: 'leave' } satisfies LiveClientMessage));
    this.socket?.close(1000, 'left');
    this.socket = null;
    this.closePeer();
    this.setStatus('ended');
  }

  /** Sends a message; false when the socket is not open (the caller may say so, or retry). */
  send(message: LiveClientMessage): boolean {
    if (this.socket?.readyState !== WebSocket.OPEN) return false;
    this.socket.send(JSON.stringify(message));
    return true;
  }

  get isOpen(): boolean {
    return this.socket?.readyState === WebSocket.OPEN;
  }

  /** Puts another camera (or microphone) track on the sender without renegotiating. */
  async replaceTrack(kind: 'camera' | 'microphone', track: MediaStreamTrack | null): Promise<void> {
    const sender = kind === 'camera' ? this.peer?.cameraSender : this.peer?.microphoneSender;
    if (sender) await sender.replaceTrack(track);
  }

  /** The peer connection, for statistics. */
  get peerConnection(): RTCPeerConnection | null {
    return this.peer?.pc ?? null;
  }

  private setStatus(status: LiveStatus, detail?: { code?: number; reason?: string }): void {
    this.status = status;
    this.options.onStatus(status, detail);
  }

  private openSocket(): void {
    if (this.isStopped) return;
    const socket = new WebSocket(this.options.url);
    this.socket = socket;
    socket.onopen = () => {
      this.attempts = 0;
      this.setStatus('joining');
    };
    socket.onmessage = (event) => {
      if (typeof event.data !== 'string') return;
      let message: unknown;
      try {
        message = JSON.parse(event.data);
      } catch {
        return;
      }
      if (isServerMessage(message)) this.handle(message);
    };
    socket.onclose = (event) => {
      if (this.socket !== socket) return;
      this.socket = null;
      if (this.isStopped) return;
      if (event.code === LIVE_CLOSE_CODES.replaced) {
        this.isStopped = true;
        this.closePeer();
        this.setStatus('replaced', { code: event.code, reason: event.reason });
      } else if (event.code === LIVE_CLOSE_CODES.ended) {
        this.isStopped = true;
        this.closePeer();
        this.setStatus('ended', { code: event.code, reason: event.reason });
      } else if (FINAL_CLOSE_CODES.has(event.code)) {
        this.isStopped = true;
        this.closePeer();
        this.setStatus('refused', { code: event.code, reason: event.reason });
      } else {
        this.scheduleReconnect();
      }
    };
  }

  private scheduleReconnect(): void {
    this.setStatus('reconnecting');
    const delay = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** this.attempts);
    this.attempts += 1;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      this.openSocket();
    }, delay);
  }

  private handle(message: LiveServerMessage): void {
    // Only the messages that steer the connection are handled here; the page sees all of them.
    if (message.type === 'welcome') {
      this.config = message.config;
      void this.join();
    } else if (message.type === 'answer') {
      if (this.peer && message.ref === this.peer.ref) {
        this.peer.pc.setRemoteDescription({ type: 'answer', sdp: message.answerSdp }).catch(() => this.rejoinSoon());
      }
    } else if (message.type === 'session-ended') {
      this.isStopped = true;
      this.clearTimers();
      this.closePeer();
      this.setStatus('ended', { reason: message.reason });
    }
    this.options.onMessage(message);
  }

  /** A fresh peer connection, a complete offer, and `join` over the socket. */
  private async join(): Promise<void> {
    const config = this.config;
    if (!config || this.isStopped) return;
    this.closePeer();
    this.joinCount += 1;
    const ref = `join-${this.joinCount}`;
    const parts = buildPeerConnection({ role: this.options.role, config, localTracks: this.options.getLocalTracks(), ref });
    this.peer = parts;
    this.options.onRemoteTracks?.(parts.remoteTracks);
    // The control channel carries the engine's own messages (snapshot requests, camera switch) if the
    // server sends them there; they are handled like the socket's.
    parts.control.onmessage = (event) => {
      if (typeof event.data !== 'string') return;
      try {
        const message: unknown = JSON.parse(event.data);
        if (isServerMessage(message)) this.options.onMessage(message);
      } catch {
        // Not a message of ours.
      }
    };
    parts.pc.onconnectionstatechange = () => {
      if (this.peer !== parts) return;
      const state = parts.pc.connectionState;
      if (state === 'connected') {
        if (this.disconnectedTimer) clearTimeout(this.disconnectedTimer);
        this.disconnectedTimer = null;
        this.attempts = 0;
        this.setStatus('connected');
      } else if (state === 'failed') {
        this.rejoinSoon();
      } else if (state === 'disconnected') {
        this.setStatus('reconnecting');
        if (!this.disconnectedTimer) {
          this.disconnectedTimer = setTimeout(() => {
            this.disconnectedTimer = null;
            if (this.peer === parts && parts.pc.connectionState !== 'connected') this.rejoinSoon();
          }, DISCONNECTED_GRACE_MS);
        }
      }
    };
    try {
      const offerSdp = await createCompleteOffer(parts.pc);
      if (this.peer !== parts || this.isStopped) return;
      if (!this.send({ type: 'join', ref, offerSdp })) this.rejoinSoon();
    } catch {
      this.rejoinSoon();
    }
  }

  /** Rebuilds the media link over the open socket; reopens the socket if it is gone. */
  private rejoinSoon(): void {
    if (this.isStopped) return;
    this.setStatus('reconnecting');
    if (this.reconnectTimer) return;
    const delay = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** this.attempts);
    this.attempts += 1;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      if (this.socket?.readyState === WebSocket.OPEN) void this.join();
      else if (!this.socket) this.openSocket();
    }, delay);
  }

  private closePeer(): void {
    if (!this.peer) return;
    const { pc, control } = this.peer;
    this.peer = null;
    pc.onconnectionstatechange = null;
    control.onmessage = null;
    // The local tracks belong to the page (it keeps the camera for the next connection).
    pc.close();
  }

  private clearTimers(): void {
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    if (this.disconnectedTimer) clearTimeout(this.disconnectedTimer);
    this.reconnectTimer = null;
    this.disconnectedTimer = null;
  }

  /** For tests and diagnostics. */
  get currentStatus(): LiveStatus {
    return this.status;
  }
}
