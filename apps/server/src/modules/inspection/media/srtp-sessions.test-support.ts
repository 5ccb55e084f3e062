import { randomBytes } from 'node:crypto';
import { ProtectionProfileAes128CmHmacSha1_80, SrtpSession } from 'werift';
import { AesCmSrtpCipher, type WeriftCtrCipher } from './srtp-aes-cm.js';

/** The master keys of an SRTP session, as werift's `SrtpSession` takes them. */
export interface SrtpKeys {
  localMasterKey: Buffer;
  localMasterSalt: Buffer;
  remoteMasterKey: Buffer;
  remoteMasterSalt: Buffer;
}

export const newKeys = (): SrtpKeys => ({
  localMasterKey: randomBytes(16),
  localMasterSalt: randomBytes(14),
  remoteMasterKey: randomBytes(16),
  remoteMasterSalt: randomBytes(14),
});

/** The other side's keys: what one side sends with, the other receives with. */
export const reversed = (keys: SrtpKeys): SrtpKeys => ({
  localMasterKey: keys.remoteMasterKey,
  localMasterSalt: keys.remoteMasterSalt,
  remoteMasterKey: keys.localMasterKey,
  remoteMasterSalt: keys.localMasterSalt,
});

type Contexts = { localContext: { cipher: unknown }; remoteContext: { cipher: unknown } };

/** werift's SRTP session with AES_CM_128_HMAC_SHA1_80, its own cipher or ours. */
export function srtpSession(keys: SrtpKeys, ours: boolean): SrtpSession {
  const srtp = new SrtpSession({ keys, profile: ProtectionProfileAes128CmHmacSha1_80 });
  if (ours) {
    const contexts = srtp as unknown as Contexts;
    contexts.localContext.cipher = new AesCmSrtpCipher(contexts.localContext.cipher as WeriftCtrCipher);
    contexts.remoteContext.cipher = new AesCmSrtpCipher(contexts.remoteContext.cipher as WeriftCtrCipher);
  }
  return srtp;
}
