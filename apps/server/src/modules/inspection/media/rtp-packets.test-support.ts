import fc from 'fast-check';

/** Well-formed RTP packets with RFC 8285 extensions, CSRCs and padding. */
export const wellFormedRtpPackets = fc
  .record({
    marker: fc.boolean(),
    payloadType: fc.integer({ min: 0, max: 127 }),
    sequenceNumber: fc.integer({ min: 0, max: 65_535 }),
    timestamp: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
    ssrc: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
    csrc: fc.array(fc.integer({ min: 0, max: 2 ** 32 - 1 }), { maxLength: 3 }),
    profile: fc.constantFrom(0xbede, 0x1000, 0x1234, null),
    extensions: fc.array(fc.record({ id: fc.integer({ min: 1, max: 14 }), payload: fc.uint8Array({ minLength: 1, maxLength: 4 }) }), {
      maxLength: 3,
    }),
    payload: fc.uint8Array({ maxLength: 40 }),
    padding: fc.integer({ min: 0, max: 4 }),
  })
  .map((packet) => {
    const extension =
      packet.profile === null
        ? Buffer.alloc(0)
        : Buffer.concat(
            packet.extensions.map(({ id, payload }) =>
              packet.profile === 0x1000
                ? Buffer.from([id, payload.length, ...payload])
                : Buffer.from([(id << 4) | (payload.length - 1), ...payload]),
            ),
          );
    const words = Math.ceil(extension.length / 4);
    const head = Buffer.alloc(12 + packet.csrc.length * 4);
    head[0] = 0x80 | (packet.padding > 0 ? 0x20 : 0) | (packet.profile === null ? 0 : 0x10) | packet.csrc.length;
    head[1] = (packet.marker ? 0x80 : 0) | packet.payloadType;
    head.writeUInt16BE(packet.sequenceNumber, 2);
    head.writeUInt32BE(packet.timestamp, 4);
    head.writeUInt32BE(packet.ssrc, 8);
    packet.csrc.forEach((csrc, index) => head.writeUInt32BE(csrc, 12 + index * 4));
    const extensionBlock = packet.profile === null ? Buffer.alloc(0) : Buffer.alloc(4 + words * 4);
    if (packet.profile !== null) {
      extensionBlock.writeUInt16BE(packet.profile, 0);
      extensionBlock.writeUInt16BE(words, 2);
      extension.copy(extensionBlock, 4);
    }
    const padding = packet.padding > 0 ? Buffer.from([...Array<number>(packet.padding - 1).fill(0), packet.padding]) : Buffer.alloc(0);
    return Buffer.concat([head, extensionBlock, Buffer.from(packet.payload), padding]);
  });

/** RTP packets: any bytes, and well-formed ones. */
export const rtpPackets = fc.oneof(
  fc.uint8Array({ minLength: 0, maxLength: 80 }).map((bytes) => Buffer.from(bytes)),
  wellFormedRtpPackets,
);
