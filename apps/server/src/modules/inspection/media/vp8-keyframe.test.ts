import { describe, expect, it } from 'vitest';
import { readVp8KeyframeSize } from './vp8-keyframe.js';

// The first bytes of a 320×240 keyframe made by libvpx: frame tag, start code, width, height.
const keyframe320x240 = [0x70, 0x6e, 0x00, 0x9d, 0x01, 0x2a, 0x40, 0x01, 0xf0, 0x00, 0x00, 0x07];

describe('readVp8KeyframeSize', () => {
  it('reads the size after the shortest payload descriptor', () => {
    expect(readVp8KeyframeSize(Uint8Array.from([0x10, ...keyframe320x240]))).toEqual({ width: 320, height: 240 });
  });

  it('skips the extended descriptor (15-bit picture id, TL0PICIDX, TID/KEYIDX) as Chrome sends it', () => {
    const descriptor = [0x90, 0xe0, 0x81, 0x23, 0x05, 0x40];
    expect(readVp8KeyframeSize(Uint8Array.from([...descriptor, ...keyframe320x240]))).toEqual({ width: 320, height: 240 });
  });

  it('ignores the 14-bit size field’s scaling bits', () => {
    const scaled = [...keyframe320x240];
    // The top two bits of the width's high byte are a scaling mode, not part of the width.
    scaled[7] = 0x01 | 0x40;
    expect(readVp8KeyframeSize(Uint8Array.from([0x10, ...scaled]))).toEqual({ width: 320, height: 240 });
  });

  it('returns null for interframes, continuation packets and short payloads', () => {
    const interframe = [0x71, ...keyframe320x240.slice(1)];
    expect(readVp8KeyframeSize(Uint8Array.from([0x10, ...interframe]))).toBeNull();
    expect(readVp8KeyframeSize(Uint8Array.from([0x00, ...keyframe320x240]))).toBeNull();
    expect(readVp8KeyframeSize(Uint8Array.from([0x11, ...keyframe320x240]))).toBeNull();
    expect(readVp8KeyframeSize(Uint8Array.from([0x10, 0x70, 0x6e]))).toBeNull();
    expect(readVp8KeyframeSize(new Uint8Array())).toBeNull();
  });
});
