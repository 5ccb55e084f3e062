import { describe, expect, it } from 'vitest';
import { addVideoBitrateHints, keepCandidatesOn } from './answer-sdp.js';

const answer = [
  'v=0',
  'm=video 9 UDP/TLS/RTP/SAVPF 96 98',
  'a=candidate:1 1 udp 2116026367 127.0.0.1 45040 typ host generation 0',
  'a=candidate:2 1 udp 2116026367 192.0.2.2 51669 typ host generation 0',
  'a=rtpmap:96 VP8/90000',
  'a=rtcp-fb:96 nack pli',
  'a=rtpmap:98 VP8/90000',
  'a=fmtp:98 max-fr=30',
  'm=audio 9 UDP/TLS/RTP/SAVPF 111',
  'a=candidate:1 1 udp 2116026367 127.0.0.1 45040 typ host generation 0',
  'a=rtpmap:111 opus/48000/2',
  'a=fmtp:111 minptime=10;useinbandfec=1',
  '',
].join('\r\n');

describe('keepCandidatesOn', () => {
  it('keeps only candidates on the given addresses', () => {
    const kept = keepCandidatesOn(answer, ['127.0.0.1']);
    expect(kept).not.toContain('192.0.2.2');
    expect(kept.match(/a=candidate:/g)).toHaveLength(2);
    expect(kept.endsWith('\r\n')).toBe(true);
  });
});

describe('addVideoBitrateHints', () => {
  it('adds an fmtp line after a VP8 rtpmap without one and extends an existing one', () => {
    const lines = addVideoBitrateHints(answer, { startKbps: 2000, maxKbps: 3000 }).split('\r\n');
    expect(lines[lines.indexOf('a=rtpmap:96 VP8/90000') + 1]).toBe('a=fmtp:96 x-google-start-bitrate=2000;x-google-max-bitrate=3000');
    expect(lines).toContain('a=fmtp:98 max-fr=30;x-google-start-bitrate=2000;x-google-max-bitrate=3000');
    expect(lines).toContain('a=fmtp:111 minptime=10;useinbandfec=1');
    expect(lines.filter((line) => line.includes('x-google'))).toHaveLength(2);
  });

  it('leaves out a hint set to 0 and changes nothing when both are', () => {
    expect(addVideoBitrateHints(answer, { startKbps: 0, maxKbps: 3000 })).toContain('a=fmtp:96 x-google-max-bitrate=3000');
    expect(addVideoBitrateHints(answer, { startKbps: 0, maxKbps: 0 })).toBe(answer);
  });
});
