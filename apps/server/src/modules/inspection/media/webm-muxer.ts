/*
 * A WebM (Matroska) writer for a live recording: the header first, then clusters of SimpleBlocks as
 * frames arrive, each piece handed out at once so that it can be written and flushed as it goes. The
 * segment and its clusters are written with the "unknown" size (as browsers' MediaRecorder writes
 * them), so a file cut off by a crash is still readable up to its last whole block. `end()` adds the
 * cues and returns the bytes to write back (the sizes of the segment and of each cluster, the
 * SeekHead in the space kept for it, the duration), which make the finished file a plain seekable
 * WebM without a remux.
 */

/** A track of the file: the phone's VP8 picture or an Opus voice. */
export interface WebmTrack {
  kind: 'video' | 'audio';
  /** Picture size for the track header (a VP8 stream may change it on any keyframe). */
  width?: number;
  height?: number;
}

/** Bytes to write at a position of the file once it has ended. */
export interface WebmPatch {
  position: number;
  bytes: Buffer;
}

const ID = {
  ebml: [0x1a, 0x45, 0xdf, 0xa3],
  ebmlVersion: [0x42, 0x86],
  ebmlReadVersion: [0x42, 0xf7],
  ebmlMaxIdLength: [0x42, 0xf2],
  ebmlMaxSizeLength: [0x42, 0xf3],
  docType: [0x42, 0x82],
  docTypeVersion: [0x42, 0x87],
  docTypeReadVersion: [0x42, 0x85],
  segment: [0x18, 0x53, 0x80, 0x67],
  seekHead: [0x11, 0x4d, 0x9b, 0x74],
  seek: [0x4d, 0xbb],
  seekId: [0x53, 0xab],
  seekPosition: [0x53, 0xac],
  info: [0x15, 0x49, 0xa9, 0x66],
  timecodeScale: [0x2a, 0xd7, 0xb1],
  muxingApp: [0x4d, 0x80],
  writingApp: [0x57, 0x41],
  duration: [0x44, 0x89],
  tracks: [0x16, 0x54, 0xae, 0x6b],
  trackEntry: [0xae],
  trackNumber: [0xd7],
  trackUid: [0x73, 0xc5],
  trackType: [0x83],
  flagLacing: [0x9c],
  codecId: [0x86],
  codecPrivate: [0x63, 0xa2],
  video: [0xe0],
  pixelWidth: [0xb0],
  pixelHeight: [0xba],
  audio: [0xe1],
  samplingFrequency: [0xb5],
  channels: [0x9f],
  cluster: [0x1f, 0x43, 0xb6, 0x75],
  timecode: [0xe7],
  simpleBlock: [0xa3],
  cues: [0x1c, 0x53, 0xbb, 0x6b],
  cuePoint: [0xbb],
  cueTime: [0xb3],
  cueTrackPositions: [0xb7],
  cueTrack: [0xf7],
  cueClusterPosition: [0xf1],
  void: [0xec],
} as const;

/** The 8-byte "unknown size" of a segment or cluster that is still being written. */
const UNKNOWN_SIZE = Buffer.from([0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]);

/** Room kept after the segment's start for the SeekHead that `end()` writes there. */
const SEEK_HEAD_SPACE = 96;

/** A cluster for an audio-only file is started this often (a seek point each). */
const AUDIO_CLUSTER_MS = 5_000;

/** A cluster never spans more: a block's time is a signed 16-bit offset from its cluster's. */
const MAX_CLUSTER_SPAN_MS = 30_000;

/** OpusHead (RFC 7845 §5.1): version 1, 2 channels, 312 samples pre-skip, 48 kHz, no gain, family 0. */
const OPUS_HEAD = Buffer.concat([Buffer.from('OpusHead'), Buffer.from([1, 2, 0x38, 0x01, 0x80, 0xbb, 0, 0, 0, 0, 0])]);

/** `value` as a big-endian unsigned integer of `length` bytes. */
function bigEndian(value: number, length: number): Buffer {
  const bytes = Buffer.alloc(length);
  let rest = value;
  for (let index = length - 1; index >= 0; index -= 1) {
    bytes[index] = rest % 256;
    rest = Math.floor(rest / 256);
  }
  return bytes;
}

/** EBML variable-size integer of a data size, in the fewest bytes. */
export function sizeVint(size: number): Buffer {
  for (let length = 1; length <= 8; length += 1) {
    if (size < 2 ** (7 * length) - 1) {
      const bytes = bigEndian(size, length);
      bytes[0] = (bytes[0] as number) | (0x80 >> (length - 1));
      return bytes;
    }
  }
  throw new RangeError(`EBML size too large: ${size}`);
}

function element(id: readonly number[], ...children: Buffer[]): Buffer {
  const payload = Buffer.concat(children);
  return Buffer.concat([Buffer.from(id), sizeVint(payload.length), payload]);
}

function unsigned(value: number, minBytes = 1): Buffer {
  let length = minBytes;
  while (length < 8 && value >= 2 ** (8 * length)) length += 1;
  return bigEndian(value, length);
}

function float64(value: number): Buffer {
  const bytes = Buffer.alloc(8);
  bytes.writeDoubleBE(value);
  return bytes;
}

/** A size in the 8 bytes the unknown size took: the length marker 0x01, then seven bytes. */
function knownSize(size: number): Buffer {
  const bytes = bigEndian(size, 8);
  bytes[0] = 0x01;
  return bytes;
}

function voidElement(totalBytes: number): Buffer {
  // One id byte and one size byte, the rest zeros (totalBytes stays under 128).
  return Buffer.concat([Buffer.from(ID.void), sizeVint(totalBytes - 2), Buffer.alloc(totalBytes - 2)]);
}

function trackEntry(track: WebmTrack, number: number): Buffer {
  const common = [
    element(ID.trackNumber, unsigned(number)),
    element(ID.trackUid, unsigned(number)),
    element(ID.flagLacing, unsigned(0)),
    element(ID.trackType, unsigned(track.kind === 'video' ? 1 : 2)),
  ];
  if (track.kind === 'video') {
    return element(
      ID.trackEntry,
      ...common,
      element(ID.codecId, Buffer.from('V_VP8')),
      element(ID.video, element(ID.pixelWidth, unsigned(track.width ?? 640)), element(ID.pixelHeight, unsigned(track.height ?? 360))),
    );
  }
  return element(
    ID.trackEntry,
    ...common,
    element(ID.codecId, Buffer.from('A_OPUS')),
    element(ID.codecPrivate, OPUS_HEAD),
    element(ID.audio, element(ID.samplingFrequency, float64(48_000)), element(ID.channels, unsigned(2))),
  );
}

interface CuePoint {
  timeMs: number;
  track: number;
  clusterPosition: number;
}

/**
 * Writes one WebM file through `emit` (each piece in file order). Track numbers are 1, 2 … in the
 * order given. Times are milliseconds from the recording's start; a track's blocks never go back in
 * time (a late one is written at its track's last time).
 */
export class WebmMuxer {
  private bytes = 0;
  private readonly segmentSizePosition: number;
  private readonly segmentDataStart: number;
  private readonly infoPosition: number;
  private readonly durationPosition: number;
  private readonly tracksPosition: number;
  private readonly isAudioOnly: boolean;
  private readonly videoTrack: number | null;
  private readonly lastTimeOfTrack: number[];
  private clusterTime: number | null = null;
  /** Where each cluster starts in the file, to write its size at the end. */
  private readonly clusterPositions: number[] = [];
  private clusterHasVideo = false;
  private endMs = 0;
  private readonly cuePoints: CuePoint[] = [];
  private hasEnded = false;

  constructor(
    tracks: WebmTrack[],
    private readonly emit: (piece: Buffer) => void,
  ) {
    const header = element(
      ID.ebml,
      element(ID.ebmlVersion, unsigned(1)),
      element(ID.ebmlReadVersion, unsigned(1)),
      element(ID.ebmlMaxIdLength, unsigned(4)),
      element(ID.ebmlMaxSizeLength, unsigned(8)),
      element(ID.docType, Buffer.from('webm')),
      element(ID.docTypeVersion, unsigned(4)),
      element(ID.docTypeReadVersion, unsigned(2)),
    );
    const info = element(
      ID.info,
      element(ID.timecodeScale, unsigned(1_000_000)),
      element(ID.muxingApp, Buffer.from('yuanqu')),
      element(ID.writingApp, Buffer.from('yuanqu')),
      element(ID.duration, float64(0)),
    );
    const tracksElement = element(ID.tracks, ...tracks.map((track, index) => trackEntry(track, index + 1)));
    this.segmentSizePosition = header.length + ID.segment.length;
    this.segmentDataStart = this.segmentSizePosition + UNKNOWN_SIZE.length;
    // The space for the SeekHead opens the segment's data.
    this.infoPosition = this.segmentDataStart + SEEK_HEAD_SPACE;
    // The duration is the info element's last child: its 8 bytes end the element.
    this.durationPosition = this.infoPosition + info.length - 8;
    this.tracksPosition = this.infoPosition + info.length;
    this.isAudioOnly = tracks.every((track) => track.kind === 'audio');
    const videoIndex = tracks.findIndex((track) => track.kind === 'video');
    this.videoTrack = videoIndex === -1 ? null : videoIndex + 1;
    this.lastTimeOfTrack = tracks.map(() => 0);
    this.out(Buffer.concat([header, Buffer.from(ID.segment), UNKNOWN_SIZE, voidElement(SEEK_HEAD_SPACE), info, tracksElement]));
  }

  /** Bytes handed out so far. */
  get size(): number {
    return this.bytes;
  }

  /** Adds one frame of a track (numbered from 1) at `timeMs` from the start. */
  addFrame(track: number, timeMs: number, isKeyframe: boolean, data: Buffer): void {
    if (this.hasEnded) {
      return;
    }
    const time = Math.max(Math.round(timeMs), this.lastTimeOfTrack[track - 1] ?? 0);
    this.lastTimeOfTrack[track - 1] = time;
    const isVideoKeyframe = track === this.videoTrack && isKeyframe;
    if (
      this.clusterTime === null ||
      (isVideoKeyframe && this.clusterHasVideo) ||
      (this.isAudioOnly && time - this.clusterTime >= AUDIO_CLUSTER_MS) ||
      time - this.clusterTime > MAX_CLUSTER_SPAN_MS
    ) {
      this.startCluster(time);
    }
    const clusterTime = this.clusterTime as number;
    if (isVideoKeyframe && !this.clusterHasVideo) {
      this.cuePoints.push({
        timeMs: Math.max(time, clusterTime),
        track,
        clusterPosition: (this.clusterPositions.at(-1) as number) - this.segmentDataStart,
      });
    }
    this.clusterHasVideo ||= track === this.videoTrack;
    // A block of another track may be a little older than its cluster: a negative offset, within int16.
    const relative = Math.max(time - clusterTime, -32_768);
    // SimpleBlock: its id, a 4-byte data size, the track (one byte up to 126), the time offset, flags.
    const head = Buffer.allocUnsafe(9);
    head[0] = ID.simpleBlock[0];
    head.writeUInt32BE(0x10000000 | (4 + data.length), 1);
    head[5] = 0x80 | track;
    head.writeInt16BE(relative, 6);
    head[8] = isKeyframe ? 0x80 : 0x00;
    this.out(head);
    this.out(data);
    this.endMs = Math.max(this.endMs, time);
  }

  /**
   * Appends the cues and returns what to write back: each cluster's size, the SeekHead (in the space
   * kept for it), the duration and the segment's size. Nothing is added afterwards.
   */
  end(): WebmPatch[] {
    this.hasEnded = true;
    const cuesPosition = this.bytes;
    if (this.cuePoints.length > 0) {
      this.out(
        element(
          ID.cues,
          ...this.cuePoints.map((cue) =>
            element(
              ID.cuePoint,
              element(ID.cueTime, unsigned(cue.timeMs)),
              element(
                ID.cueTrackPositions,
                element(ID.cueTrack, unsigned(cue.track)),
                element(ID.cueClusterPosition, unsigned(cue.clusterPosition)),
              ),
            ),
          ),
        ),
      );
    }
    const seek = (id: readonly number[], position: number) =>
      element(ID.seek, element(ID.seekId, Buffer.from(id)), element(ID.seekPosition, unsigned(position - this.segmentDataStart, 8)));
    const entries = [seek(ID.info, this.infoPosition), seek(ID.tracks, this.tracksPosition)];
    if (this.cuePoints.length > 0) {
      entries.push(seek(ID.cues, cuesPosition));
    }
    const seekHead = element(ID.seekHead, ...entries);
    // A parent of known size may not hold children of unknown size: every cluster gets its own.
    const clusterSizes = this.clusterPositions.map((position, index) => {
      const next = this.clusterPositions[index + 1] ?? cuesPosition;
      return { position: position + ID.cluster.length, bytes: knownSize(next - position - ID.cluster.length - UNKNOWN_SIZE.length) };
    });
    return [
      ...clusterSizes,
      { position: this.segmentDataStart, bytes: Buffer.concat([seekHead, voidElement(SEEK_HEAD_SPACE - seekHead.length)]) },
      { position: this.durationPosition, bytes: float64(this.endMs) },
      { position: this.segmentSizePosition, bytes: knownSize(this.bytes - this.segmentDataStart) },
    ];
  }

  private startCluster(time: number): void {
    const position = this.bytes;
    this.clusterTime = time;
    this.clusterPositions.push(position);
    this.clusterHasVideo = false;
    this.out(Buffer.concat([Buffer.from(ID.cluster), UNKNOWN_SIZE, element(ID.timecode, unsigned(time))]));
    if (this.isAudioOnly) {
      this.cuePoints.push({ timeMs: time, track: 1, clusterPosition: position - this.segmentDataStart });
    }
  }

  private out(piece: Buffer): void {
    this.bytes += piece.length;
    this.emit(piece);
  }
}
