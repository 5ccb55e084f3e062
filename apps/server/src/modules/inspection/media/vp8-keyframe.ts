/** Picture size of a VP8 keyframe. */
export interface Vp8KeyframeSize {
  width: number;
  height: number;
}

/**
 * Where the VP8 payload descriptor (RFC 7741 §4.2) of an RTP payload ends, and whether the packet
 * starts a frame (S bit set, partition 0); null when the payload ends within it.
 */
export function readVp8PayloadStart(payload: Uint8Array): { offset: number; isFrameStart: boolean } | null {
  const first = payload[0];
  if (first === undefined) return null;
  let offset = 1;
  if ((first & 0x80) !== 0) {
    const extension = payload[offset];
    if (extension === undefined) return null;
    offset += 1;
    if ((extension & 0x80) !== 0) {
      const pictureId = payload[offset];
      if (pictureId === undefined) return null;
      offset += (pictureId & 0x80) !== 0 ? 2 : 1;
    }
    if ((extension & 0x40) !== 0) offset += 1;
    if ((extension & 0x30) !== 0) offset += 1;
  }
  if (offset >= payload.length) return null;
  return { offset, isFrameStart: (first & 0x10) !== 0 && (first & 0x07) === 0 };
}

/**
 * Reads the picture size from the RTP payload of a VP8 packet that starts a keyframe (RFC 7741
 * payload descriptor, then the RFC 6386 §9.1 frame header). Returns null for any other packet.
 *
 * The recorder needs it for the WebM track header; phones send whatever their camera and network
 * allow, not a size we could guess.
 */
export function readVp8KeyframeSize(payload: Uint8Array): Vp8KeyframeSize | null {
  const start = readVp8PayloadStart(payload);
  if (!start?.isFrameStart) {
    return null;
  }
  const frame = payload.subarray(start.offset);
  if (frame.length < 10) {
    return null;
  }
  const isKeyframe = ((frame[0] ?? 1) & 0x01) === 0;
  if (!isKeyframe || frame[3] !== 0x9d || frame[4] !== 0x01 || frame[5] !== 0x2a) {
    return null;
  }
  const width = ((frame[6] ?? 0) | ((frame[7] ?? 0) << 8)) & 0x3fff;
  const height = ((frame[8] ?? 0) | ((frame[9] ?? 0) << 8)) & 0x3fff;
  if (width === 0 || height === 0) {
    return null;
  }
  return { width, height };
}
