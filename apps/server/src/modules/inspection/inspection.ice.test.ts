import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../plugins/config.js';
import { availableParallelism } from 'node:os';
import { createMediaEngine, engineIceOptions, iceServersForBrowser } from './inspection.ice.js';
import { WeriftMediaEngine, WorkerMediaEngine } from './media/index.js';

describe('media settings from the environment', () => {
  it('reads the public address, port range, STUN and coturn settings, and mints short-lived TURN credentials', () => {
    const { media } = loadConfig({
      DATA_DIR: '/srv/yuanqu',
      ICE_PUBLIC_ADDRESSES: '203.0.113.7',
      ICE_BIND_ADDRESS: '10.0.0.5',
      ICE_UDP_PORT_MIN: '40000',
      ICE_UDP_PORT_MAX: '40199',
      STUN_URLS: 'stun:turn.example.gov.cn:3478',
      TURN_URLS: 'turn:turn.example.gov.cn:3478?transport=udp,turns:turn.example.gov.cn:443?transport=tcp',
      TURN_SECRET: 'a-long-shared-coturn-secret',
      FFMPEG_PATH: 'none',
    });
    expect(media).toMatchObject({
      publicAddresses: ['203.0.113.7'],
      portRange: [40000, 40199],
      recordingsDir: '/srv/yuanqu/recordings',
      ffmpegPath: null,
      maxInspectors: 4,
    });
    expect(engineIceOptions(media)).toMatchObject({
      additionalHostAddresses: ['203.0.113.7'],
      interfaceAddresses: { udp4: '10.0.0.5' },
      portRange: [40000, 40199],
      servers: [{ urls: ['stun:turn.example.gov.cn:3478'] }],
    });

    const now = new Date('2026-03-03T02:00:00.000Z');
    const [stun, turn] = iceServersForBrowser(media, 'phone', now);
    expect(stun).toEqual({ urls: ['stun:turn.example.gov.cn:3478'] });
    const expiry = now.getTime() / 1000 + 6 * 3600;
    expect(turn).toEqual({
      urls: ['turn:turn.example.gov.cn:3478?transport=udp', 'turns:turn.example.gov.cn:443?transport=tcp'],
      username: `${expiry}:phone`,
      credential: createHmac('sha1', 'a-long-shared-coturn-secret').update(`${expiry}:phone`).digest('base64'),
    });
  });

  it('refuses settings that would fail only when a phone calls', () => {
    const attempt = (env: Record<string, string>) => {
      try {
        loadConfig(env);
        return [];
      } catch (error) {
        return (error as ConfigError).problems;
      }
    };
    expect(attempt({ TURN_URLS: 'turn:turn.example.gov.cn:3478' })).toEqual([
      'TURN_URLS needs TURN_SECRET (coturn use-auth-secret) or TURN_USERNAME and TURN_PASSWORD',
    ]);
    expect(attempt({ ICE_UDP_PORT_MIN: '40199', ICE_UDP_PORT_MAX: '40000' })).toEqual([
      'ICE_UDP_PORT_MIN (40199) must not be above ICE_UDP_PORT_MAX (40000)',
    ]);
    expect(attempt({ ICE_UDP_PORT_MIN: '40000' })).toEqual(['ICE_UDP_PORT_MIN and ICE_UDP_PORT_MAX must be set together']);
    expect(attempt({ ICE_PUBLIC_ADDRESSES: 'media.example.gov.cn' })).toEqual([
      'ICE_PUBLIC_ADDRESSES must list IP addresses separated by commas, got "media.example.gov.cn"',
    ]);
    expect(attempt({ STUN_URLS: 'http://stun.example.gov.cn' })[0]).toMatch(/^STUN_URLS must list stun:host\[:port\]/);
    expect(attempt({ TURN_USERNAME: 'yuanqu' })).toEqual(['TURN_USERNAME and TURN_PASSWORD must be set together']);
    expect(attempt({ MEDIA_WORKERS: 'many' })).toEqual(['MEDIA_WORKERS must be a whole number from 0 to 32, got "many"']);
    expect(attempt({ MEDIA_WORKERS: '4', ICE_UDP_PORT_MIN: '40000', ICE_UDP_PORT_MAX: '40002' })).toEqual([
      'ICE_UDP_PORT_MIN–ICE_UDP_PORT_MAX must hold at least one port per media worker (MEDIA_WORKERS=4)',
    ]);
  });

  it('runs the media engine in one worker thread per CPU up to four, or on the app’s thread with MEDIA_WORKERS=0', async () => {
    expect(loadConfig({}).media.workers).toBe(Math.min(4, availableParallelism()));
    const logger = { info: () => {}, warn: () => {}, error: () => {} };
    const threaded = createMediaEngine(loadConfig({ MEDIA_WORKERS: '3' }).media, logger);
    expect(threaded).toBeInstanceOf(WorkerMediaEngine);
    expect((threaded as WorkerMediaEngine).workerCount).toBe(3);
    const inProcess = createMediaEngine(loadConfig({ MEDIA_WORKERS: '0' }).media, logger);
    expect(inProcess).toBeInstanceOf(WeriftMediaEngine);
    await Promise.all([threaded.close(), inProcess.close()]);
  });
});
