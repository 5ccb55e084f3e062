import { createHmac } from 'node:crypto';
import type { LiveIceServer } from '@yuanqu/shared';
import type { MediaConfig } from '../../plugins/config.js';
import { WeriftMediaEngine, WorkerMediaEngine, type MediaEngine, type MediaLogger, type WeriftIceOptions } from './media/index.js';

/**
 * The STUN/TURN servers a browser gets for its RTCPeerConnection. TURN credentials follow coturn's
 * REST scheme (`use-auth-secret`): the user name is `<expiry epoch seconds>:<participant>` and the
 * password the base64 HMAC-SHA1 of it under the shared secret, so a leaked credential stops working
 * on its own and the server never stores one.
 */
export function iceServersForBrowser(media: MediaConfig, participantId: string, now: Date): LiveIceServer[] {
  const servers: LiveIceServer[] = [];
  if (media.stunUrls.length > 0) servers.push({ urls: media.stunUrls });
  if (media.turnUrls.length > 0) {
    if (media.turnSecret) {
      const username = `${Math.floor(now.getTime() / 1000) + media.turnCredentialTtlSeconds}:${participantId}`;
      const credential = createHmac('sha1', media.turnSecret).update(username).digest('base64');
      servers.push({ urls: media.turnUrls, username, credential });
    } else if (media.turnUsername && media.turnPassword) {
      servers.push({ urls: media.turnUrls, username: media.turnUsername, credential: media.turnPassword });
    }
  }
  return servers;
}

/** The server side of ICE for the werift engine, from the same settings. */
export function engineIceOptions(media: MediaConfig): WeriftIceOptions {
  return {
    // STUN lets the server find its own public address when no ICE_PUBLIC_ADDRESSES are given.
    servers: media.stunUrls.length > 0 ? [{ urls: media.stunUrls }] : undefined,
    additionalHostAddresses: media.publicAddresses.length > 0 ? media.publicAddresses : undefined,
    interfaceAddresses: media.bindAddress ? { udp4: media.bindAddress } : undefined,
    portRange: media.portRange,
    useIpv6: media.useIpv6,
    onlyAddresses: media.onlyAddresses,
  };
}

/** The media engine the settings ask for: werift in `media.workers` worker threads, or on the app's thread when 0. */
export function createMediaEngine(media: MediaConfig, logger: MediaLogger): MediaEngine {
  const engine = { ice: engineIceOptions(media), maxInspectors: media.maxInspectors, ffmpegPath: media.ffmpegPath };
  return media.workers > 0 ? new WorkerMediaEngine({ workers: media.workers, engine, logger }) : new WeriftMediaEngine({ ...engine, logger });
}
