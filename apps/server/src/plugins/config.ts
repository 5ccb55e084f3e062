import { isIP } from 'node:net';
import { availableParallelism } from 'node:os';
import path from 'node:path';

/** Validated configuration, read once at start from the environment. */
export interface AppConfig {
  port: number;
  host: string;
  dataDir: string;
  /** When set, real PostgreSQL; otherwise the embedded PGlite in `dataDir`. */
  databaseUrl: string | undefined;
  /** Name parameterised statements so PostgreSQL plans them once a connection. DATABASE_NAMED_STATEMENTS, default true. */
  databaseNamedStatements: boolean;
  publicUrl: string;
  logLevel: string;
  /** Seed demo data into an empty database at start. */
  seedDemo: boolean;
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
  trustProxy: boolean;
  /** Serve the built web app from this folder when it exists. */
  webDistDir: string;
  isProduction: boolean;
  /** The live session of 远程踏勘: media ports and addresses, STUN/TURN for browsers, recordings. */
  media: MediaConfig;
}

/** Settings of the in-process SFU and of the ICE servers handed to browsers (README: “Remote inspection media”). */
export interface MediaConfig {
  /** Public addresses announced as extra host candidates (a cloud VM's 1:1 NAT). ICE_PUBLIC_ADDRESSES. */
  publicAddresses: string[];
  /** Local IPv4 address the media sockets bind to; undefined = all. ICE_BIND_ADDRESS. */
  bindAddress: string | undefined;
  /** Inclusive UDP port range for media, to open in the firewall; undefined = any. ICE_UDP_PORT_MIN / ICE_UDP_PORT_MAX. */
  portRange: [number, number] | undefined;
  /** Announce and accept only these addresses (hides internal interfaces). ICE_ONLY_ADDRESSES. */
  onlyAddresses: string[] | undefined;
  useIpv6: boolean;
  /** STUN servers (`stun:host:port`), for browsers and the server. STUN_URLS. */
  stunUrls: string[];
  /** TURN servers (`turn:` / `turns:`), for browsers only. TURN_URLS. */
  turnUrls: string[];
  /** coturn `static-auth-secret`: browsers get short-lived credentials made from it. TURN_SECRET. */
  turnSecret: string | undefined;
  /** Fixed TURN credentials, when coturn has no shared secret. TURN_USERNAME / TURN_PASSWORD. */
  turnUsername: string | undefined;
  turnPassword: string | undefined;
  /** Lifetime of minted TURN credentials. TURN_CREDENTIAL_TTL_SECONDS. */
  turnCredentialTtlSeconds: number;
  /** Where session recordings are written (durable storage, not tmpfs). RECORDINGS_DIR, default DATA_DIR/recordings. */
  recordingsDir: string;
  /** ffmpeg for the final remux of each segment; null = keep werift's file. FFMPEG_PATH (`none` to turn off). */
  ffmpegPath: string | null;
  /** Inspector slots in a session. MEDIA_MAX_INSPECTORS. */
  maxInspectors: number;
  /**
   * Worker threads the media engine runs in, each room in one of them; 0 runs it on the app's own
   * thread. MEDIA_WORKERS, default the number of CPUs up to 4. A UDP port range is divided between them.
   */
  workers: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

function readInteger(env: Env, name: string, fallback: number, min: number, max: number, problems: string[]): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    problems.push(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
    return fallback;
  }
  return value;
}

function readBoolean(env: Env, name: string, fallback: boolean, problems: string[]): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no', 'off'].includes(raw.toLowerCase())) return false;
  problems.push(`${name} must be true or false, got "${raw}"`);
  return fallback;
}

function readUrl(env: Env, name: string, protocols: string[], problems: string[]): string | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  try {
    const url = new URL(raw);
    if (!protocols.includes(url.protocol)) {
      problems.push(`${name} must start with ${protocols.join(' or ')}, got "${url.protocol}"`);
      return undefined;
    }
    return raw;
  } catch {
    problems.push(`${name} is not a valid URL`);
    return undefined;
  }
}

function readList(env: Env, name: string): string[] {
  return (env[name] ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
}

function readAddresses(env: Env, name: string, problems: string[]): string[] {
  const addresses = readList(env, name);
  for (const address of addresses) {
    if (isIP(address) === 0) problems.push(`${name} must list IP addresses separated by commas, got "${address}"`);
  }
  return addresses;
}

function readIceUrls(env: Env, name: string, schemes: string[], problems: string[]): string[] {
  const urls = readList(env, name);
  for (const url of urls) {
    const scheme = url.split(':', 1)[0] ?? '';
    if (!schemes.includes(scheme) || !/^[a-z]+:[^\s/?#]+(:\d{1,5})?(\?transport=(udp|tcp))?$/.test(url)) {
      problems.push(`${name} must list ${schemes.map((entry) => `${entry}:host[:port]`).join(' or ')} URLs separated by commas, got "${url}"`);
    }
  }
  return urls;
}

function readMediaConfig(env: Env, dataDir: string, cwd: string, problems: string[]): MediaConfig {
  const portMin = env.ICE_UDP_PORT_MIN ? readInteger(env, 'ICE_UDP_PORT_MIN', 0, 1024, 65535, problems) : undefined;
  const portMax = env.ICE_UDP_PORT_MAX ? readInteger(env, 'ICE_UDP_PORT_MAX', 0, 1024, 65535, problems) : undefined;
  let portRange: [number, number] | undefined;
  if ((portMin === undefined) !== (portMax === undefined)) problems.push('ICE_UDP_PORT_MIN and ICE_UDP_PORT_MAX must be set together');
  else if (portMin !== undefined && portMax !== undefined) {
    if (portMin > portMax) problems.push(`ICE_UDP_PORT_MIN (${portMin}) must not be above ICE_UDP_PORT_MAX (${portMax})`);
    portRange = [portMin, portMax];
  }
  const bindAddress = env.ICE_BIND_ADDRESS || undefined;
  if (bindAddress !== undefined && isIP(bindAddress) !== 4) problems.push(`ICE_BIND_ADDRESS must be an IPv4 address, got "${bindAddress}"`);
  const onlyAddresses = readAddresses(env, 'ICE_ONLY_ADDRESSES', problems);
  const turnUrls = readIceUrls(env, 'TURN_URLS', ['turn', 'turns'], problems);
  const turnSecret = env.TURN_SECRET || undefined;
  const turnUsername = env.TURN_USERNAME || undefined;
  const turnPassword = env.TURN_PASSWORD || undefined;
  if ((turnUsername === undefined) !== (turnPassword === undefined)) problems.push('TURN_USERNAME and TURN_PASSWORD must be set together');
  if (turnUrls.length > 0 && !turnSecret && !turnUsername) problems.push('TURN_URLS needs TURN_SECRET (coturn use-auth-secret) or TURN_USERNAME and TURN_PASSWORD');
  if (turnSecret && turnSecret.length < 16) problems.push('TURN_SECRET must have at least 16 characters');
  const ffmpeg = env.FFMPEG_PATH ?? 'ffmpeg';
  const workers = readInteger(env, 'MEDIA_WORKERS', Math.min(4, availableParallelism()), 0, 32, problems);
  if (portRange && portRange[0] <= portRange[1] && portRange[1] - portRange[0] + 1 < workers) {
    problems.push(`ICE_UDP_PORT_MIN–ICE_UDP_PORT_MAX must hold at least one port per media worker (MEDIA_WORKERS=${workers})`);
  }
  return {
    publicAddresses: readAddresses(env, 'ICE_PUBLIC_ADDRESSES', problems),
    bindAddress,
    portRange,
    onlyAddresses: onlyAddresses.length > 0 ? onlyAddresses : undefined,
    useIpv6: readBoolean(env, 'ICE_USE_IPV6', true, problems),
    stunUrls: readIceUrls(env, 'STUN_URLS', ['stun', 'stuns'], problems),
    turnUrls,
    turnSecret,
    turnUsername,
    turnPassword,
    turnCredentialTtlSeconds: readInteger(env, 'TURN_CREDENTIAL_TTL_SECONDS', 6 * 3600, 60, 7 * 24 * 3600, problems),
    recordingsDir: path.resolve(cwd, env.RECORDINGS_DIR ?? path.join(dataDir, 'recordings')),
    ffmpegPath: ffmpeg === '' || ffmpeg === 'none' ? null : ffmpeg,
    maxInspectors: readInteger(env, 'MEDIA_MAX_INSPECTORS', 4, 2, 8, problems),
    workers,
  };
}

/** Reads and checks the environment; throws ConfigError listing every problem at once. */
export function loadConfig(env: Env = process.env, cwd = process.cwd()): AppConfig {
  const problems: string[] = [];
  const port = readInteger(env, 'PORT', 3000, 1, 65535, problems);
  const databaseUrl = readUrl(env, 'DATABASE_URL', ['postgres:', 'postgresql:'], problems);
  const publicUrl = readUrl(env, 'PUBLIC_URL', ['http:', 'https:'], problems) ?? `http://localhost:${port}`;
  const logLevel = env.LOG_LEVEL ?? 'info';
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(logLevel)) {
    problems.push(`LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, got "${logLevel}"`);
  }
  const dataDir = path.resolve(cwd, env.DATA_DIR ?? './data');
  const config: AppConfig = {
    port,
    host: env.HOST ?? '0.0.0.0',
    dataDir,
    databaseUrl,
    databaseNamedStatements: readBoolean(env, 'DATABASE_NAMED_STATEMENTS', true, problems),
    publicUrl: publicUrl.replace(/\/$/, ''),
    logLevel,
    seedDemo: readBoolean(env, 'SEED_DEMO', databaseUrl === undefined, problems),
    sessionIdleMinutes: readInteger(env, 'SESSION_IDLE_MINUTES', 30, 1, 24 * 60, problems),
    sessionAbsoluteHours: readInteger(env, 'SESSION_ABSOLUTE_HOURS', 12, 1, 24 * 30, problems),
    trustProxy: readBoolean(env, 'TRUST_PROXY', false, problems),
    webDistDir: path.resolve(cwd, env.WEB_DIST_DIR ?? defaultWebDist()),
    isProduction: env.NODE_ENV === 'production',
    media: readMediaConfig(env, dataDir, cwd, problems),
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

function defaultWebDist(): string {
  return path.resolve(import.meta.dirname, '../../../web/dist');
}
