import { createCipheriv, hash, timingSafeEqual, type Cipher } from 'node:crypto';
import { ExtensionProfiles, SrtpAuthenticationError, type RtpHeader } from 'werift';

/*
 * SRTP with AES_CM_128_HMAC_SHA1_80 (RFC 3711) for the RTP packets of one werift SRTP context, at a
 * fraction of what werift's own ciphers cost per packet. werift makes a new OpenSSL cipher for every
 * packet (AES-GCM, or AES-CTR and a new HMAC), and with OpenSSL 3 making a cipher context costs more
 * than encrypting the packet: in a lone session the SRTP work was a fifth of the media thread's time.
 *
 * Here one AES-128-ECB context per session key lives as long as the session. The counter blocks of
 * the next packets of a stream (its sequence numbers follow one another) are encrypted in one call,
 * and each packet is XORed with its slice of that key stream. The HMAC-SHA1 is two one-shot SHA-1s
 * over the precomputed inner and outer pads, whose digests come back as strings ('binary', i.e.
 * latin1): a digest as a Buffer is an ArrayBuffer of its own, and two of them a packet were, with
 * werift's zero-filled buffer for each packet sent, most of the ArrayBuffers the media thread made
 * (twice the CPU of the HMAC itself in a micro-benchmark, counting the GC threads). An encrypted
 * packet is written into Node's buffer pool. The packets and the tag are those of werift's
 * `CipherAesCtr` bit for bit (srtp-aes-cm.test.ts); RTCP stays with werift's cipher.
 */

/** The fields of werift's `CipherAesCtr` this cipher takes over (its session keys, and RTCP). */
export interface WeriftCtrCipher {
  srtpSessionKey: Buffer;
  srtpSessionSalt: Buffer;
  srtpSessionAuthTag: Buffer;
  encryptRTCP(rawRtcp: Buffer, srtcpIndex: number): Buffer;
  decryptRTCP(encrypted: Buffer): [Buffer, unknown];
}

const AUTH_TAG_LENGTH = 10;
const SHA1_BLOCK = 64;
const AES_BLOCK = 16;
/** Packets of a stream whose key stream is made in one call. */
const PACKETS_PER_BATCH = 32;
/** Key stream made per packet: at least this many blocks, more when a stream's packets are larger. */
const MIN_BLOCKS_PER_PACKET = 8;
const MAX_SEQUENCE_AHEAD = 0x8000;

/** The key stream of a batch of one stream's packets, and the counter blocks it is made from. */
interface KeyStream {
  rolloverCounter: number;
  blocksPerPacket: number;
  counters: Buffer;
  firstSequence: number;
  count: number;
  bytes: Buffer;
}

export class AesCmSrtpCipher {
  readonly authTagLength = AUTH_TAG_LENGTH;
  private readonly aes: Cipher;
  private readonly salt: Buffer;
  private readonly innerPad: Buffer;
  /** inner pad ‖ the authenticated part of a packet ‖ its rollover counter; grown when a packet needs it. */
  private scratch = Buffer.alloc(SHA1_BLOCK + 1600);
  private readonly outerInput = Buffer.alloc(SHA1_BLOCK + 20);
  /** The tag a received packet should carry. */
  private readonly expectedTag = Buffer.alloc(AUTH_TAG_LENGTH);
  private readonly streams = new Map<number, KeyStream>();
  /** Where `findKeyStream` found the packet's key stream. */
  private keyBytes: Buffer = Buffer.alloc(0);
  private keyOffset = 0;

  /** `werift`: the cipher werift made for the context, whose session keys this takes and which keeps RTCP. */
  constructor(private readonly werift: WeriftCtrCipher) {
    this.aes = createCipheriv('aes-128-ecb', werift.srtpSessionKey, null);
    this.aes.setAutoPadding(false);
    this.salt = werift.srtpSessionSalt;
    const key = Buffer.alloc(SHA1_BLOCK);
    werift.srtpSessionAuthTag.copy(key);
    this.innerPad = Buffer.alloc(SHA1_BLOCK);
    for (let index = 0; index < SHA1_BLOCK; index += 1) {
      this.innerPad[index] = key[index]! ^ 0x36;
      // The outer pad is the first block of the outer hash's input.
      this.outerInput[index] = key[index]! ^ 0x5c;
    }
    this.innerPad.copy(this.scratch);
  }

  encryptRtp(header: RtpHeader, payload: Buffer, rolloverCounter: number): Buffer {
    const headerSize = header.serializeSize;
    const size = headerSize + payload.length + AUTH_TAG_LENGTH;
    // The header at the start of a buffer of the whole packet's size, as werift's `serialize(size)` writes it.
    const out = writeHeader(header, size) ?? header.serialize(size);
    this.findKeyStream(header.ssrc, rolloverCounter, header.sequenceNumber, payload.length);
    xorInto(out, headerSize, payload, 0, this.keyBytes, this.keyOffset, payload.length);
    this.writeAuthTag(out, headerSize + payload.length, rolloverCounter, out, headerSize + payload.length);
    return out;
  }

  /** werift's `decryptRtp`: the packet without its tag, decrypted, and the header `parseSrtpRtpHeader` read. */
  decryptRtp(cipherText: Buffer, rolloverCounter: number, header: RtpHeader): [Buffer, RtpHeader] {
    const authenticated = cipherText.length - AUTH_TAG_LENGTH;
    this.writeAuthTag(cipherText, authenticated, rolloverCounter, this.expectedTag, 0);
    if (!timingSafeEqual(cipherText.subarray(authenticated), this.expectedTag)) {
      throw new SrtpAuthenticationError('Failed to authenticate SRTP packet');
    }
    const payloadOffset = header.payloadOffset;
    const payloadLength = authenticated - payloadOffset;
    const out = Buffer.allocUnsafe(authenticated);
    cipherText.copy(out, 0, 0, payloadOffset);
    this.findKeyStream(header.ssrc, rolloverCounter, header.sequenceNumber, payloadLength);
    xorInto(out, payloadOffset, cipherText, payloadOffset, this.keyBytes, this.keyOffset, payloadLength);
    return [out, finalizeHeader(header, out)];
  }

  encryptRTCP(rawRtcp: Buffer, srtcpIndex: number): Buffer {
    return this.werift.encryptRTCP(rawRtcp, srtcpIndex);
  }

  decryptRTCP(encrypted: Buffer): [Buffer, unknown] {
    return this.werift.decryptRTCP(encrypted);
  }

  /** Writes at `target[offset]` the tag: HMAC-SHA1 over `packet[0, length)` and the rollover counter (RFC 3711, 4.2), cut to 80 bits. */
  private writeAuthTag(packet: Buffer, length: number, rolloverCounter: number, target: Buffer, offset: number): void {
    if (this.scratch.length < SHA1_BLOCK + length + 4) {
      const grown = Buffer.alloc(SHA1_BLOCK + length + 4 + 512);
      this.innerPad.copy(grown);
      this.scratch = grown;
    }
    packet.copy(this.scratch, SHA1_BLOCK, 0, length);
    this.scratch.writeUInt32BE(rolloverCounter >>> 0, SHA1_BLOCK + length);
    const inner = hash('sha1', this.scratch.subarray(0, SHA1_BLOCK + length + 4), 'binary');
    this.outerInput.write(inner, SHA1_BLOCK, 'latin1');
    target.write(hash('sha1', this.outerInput, 'binary'), offset, AUTH_TAG_LENGTH, 'latin1');
  }

  /**
   * Points `keyBytes`/`keyOffset` at the key stream of one packet: in the stream's batch when the packet
   * is in it, else in a new batch from this packet on.
   */
  private findKeyStream(ssrc: number, rolloverCounter: number, sequence: number, length: number): void {
    const blocks = Math.ceil(length / AES_BLOCK);
    let stream = this.streams.get(ssrc);
    const position = stream ? (sequence - stream.firstSequence) & 0xffff : 0;
    if (stream && stream.rolloverCounter === rolloverCounter && position < stream.count && blocks <= stream.blocksPerPacket) {
      this.keyBytes = stream.bytes;
      this.keyOffset = position * stream.blocksPerPacket * AES_BLOCK;
      return;
    }
    if (!stream || stream.rolloverCounter !== rolloverCounter || blocks > stream.blocksPerPacket) {
      stream = this.newStream(ssrc, rolloverCounter, Math.max(blocks, stream?.blocksPerPacket ?? MIN_BLOCKS_PER_PACKET));
    }
    // A packet behind the batch (a late or resent one) gets its own key stream; the batch stays.
    const behind = stream.count > 0 && position >= MAX_SEQUENCE_AHEAD;
    // A batch ends where the sequence number wraps: the packets after it have the next rollover counter.
    const count = behind ? 1 : Math.min(PACKETS_PER_BATCH, 0x10000 - sequence);
    const bytes = this.counterKeyStream(stream, sequence, count);
    if (!behind) {
      stream.firstSequence = sequence;
      stream.count = count;
      stream.bytes = bytes;
    }
    this.keyBytes = bytes;
    this.keyOffset = 0;
  }

  /** A stream's record, with its counter blocks' salted SSRC and rollover counter written (bytes 0–11). */
  private newStream(ssrc: number, rolloverCounter: number, blocksPerPacket: number): KeyStream {
    const counters = Buffer.alloc(PACKETS_PER_BATCH * blocksPerPacket * AES_BLOCK);
    counters.writeUInt32BE(ssrc >>> 0, 4);
    counters.writeUInt32BE(rolloverCounter >>> 0, 8);
    for (let index = 0; index < 12; index += 1) counters[index]! ^= this.salt[index]!;
    for (let filled = AES_BLOCK; filled < counters.length; filled *= 2) counters.copy(counters, filled, 0, filled);
    const stream: KeyStream = { rolloverCounter, blocksPerPacket, counters, firstSequence: 0, count: 0, bytes: counters };
    this.streams.set(ssrc, stream);
    return stream;
  }

  /** AES-CM key stream for `count` packets of the stream from `sequence` (RFC 3711, 4.1.1). */
  private counterKeyStream(stream: KeyStream, sequence: number, count: number): Buffer {
    const { counters, blocksPerPacket } = stream;
    for (let packet = 0; packet < count; packet += 1) {
      const sequenceHigh = ((sequence + packet) >> 8) ^ this.salt[12]!;
      const sequenceLow = ((sequence + packet) & 0xff) ^ this.salt[13]!;
      for (let block = 0, at = packet * blocksPerPacket * AES_BLOCK; block < blocksPerPacket; block += 1, at += AES_BLOCK) {
        counters[at + 12] = sequenceHigh;
        counters[at + 13] = sequenceLow;
        counters[at + 14] = block >> 8;
        counters[at + 15] = block & 0xff;
      }
    }
    return this.aes.update(counters.subarray(0, count * blocksPerPacket * AES_BLOCK));
  }
}

/** out[outOffset…] = input[inputOffset…] XOR keyStream[keyOffset…]. (Byte by byte: as fast here as 32-bit views, which cost three typed arrays a packet.) */
function xorInto(out: Buffer, outOffset: number, input: Buffer, inputOffset: number, keyStream: Buffer, keyOffset: number, length: number): void {
  for (let index = 0; index < length; index += 1) {
    out[outOffset + index] = input[inputOffset + index]! ^ keyStream[keyOffset + index]!;
  }
}

/**
 * werift's `RtpHeader.serialize(size)` for a header without extensions or with one-byte ones (what a
 * relay sends: the mid), into Node's buffer pool instead of a zero-filled buffer of its own: the same
 * bytes, the same `extension` and `payloadOffset` set on the header, the same errors for a value out of
 * range. Only the header is written; the caller writes the `size - payloadOffset` bytes after it.
 * Undefined for any other extension profile (werift's `serialize` then).
 */
export function writeHeader(header: RtpHeader, size: number): Buffer | undefined {
  const { csrc, extensions } = header;
  const hasExtension = extensions.length > 0 || header.extension;
  if (hasExtension && header.extensionProfile !== ExtensionProfiles.OneByte) {
    return undefined;
  }
  const out = Buffer.allocUnsafe(size);
  out[0] = ((header.version & 0b11) << 6) | (header.padding ? 0x20 : 0) | (hasExtension ? 0x10 : 0) | (csrc.length & 0x0f);
  out[1] = (header.marker ? 0x80 : 0) | (header.payloadType & 0x7f);
  out.writeUInt16BE(header.sequenceNumber, 2);
  out.writeUInt32BE(header.timestamp, 4);
  out.writeUInt32BE(header.ssrc, 8);
  let offset = 12;
  for (const source of csrc) {
    out.writeUInt32BE(source, offset);
    offset += 4;
  }
  if (hasExtension) {
    header.extension = true;
    out.writeUInt16BE(ExtensionProfiles.OneByte, offset);
    const start = offset + 4;
    offset = start;
    for (const { id, payload } of extensions) {
      out.writeUInt8((id << 4) | (payload.length - 1), offset);
      payload.copy(out, offset + 1);
      offset += 1 + payload.length;
    }
    const words = Math.ceil((offset - start) / 4);
    out.writeUInt16BE(words, start - 2);
    out.fill(0, offset, start + words * 4);
    offset = start + words * 4;
  }
  header.payloadOffset = offset;
  return out;
}

/** werift's `finalizeSrtpRtpHeader`: the padding size of a padded packet, checked against the packet. */
function finalizeHeader(header: RtpHeader, packet: Buffer): RtpHeader {
  if (!header.padding) {
    header.paddingSize = 0;
    return header;
  }
  const paddingSize = packet.length > header.payloadOffset ? packet[packet.length - 1]! : 0;
  if (paddingSize === 0 || paddingSize > packet.length - header.payloadOffset) {
    throw new SrtpAuthenticationError('Failed to authenticate SRTP packet');
  }
  header.paddingSize = paddingSize;
  return header;
}
