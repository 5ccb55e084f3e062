import type { Clock } from '../../lib/clock.js';

/**
 * Values read per zone (and a key within it) and kept for `freshMs`, so that a read on every request
 * of the queue does not query every time. A change made through this process drops the zone's
 * entries at once (`invalidate`, after its transaction commits); a change made elsewhere — another
 * server process on the same database, SQL by hand — shows within `freshMs`.
 */
export function createZoneCache<T>(clock: Clock, freshMs: number) {
  const zones = new Map<string, Map<string, { value: T; readAt: number }>>();
  /** Bumped by every invalidation: a value read while a change committed is not kept. */
  const generations = new Map<string, number>();

  return {
    async get(zoneId: string, key: string, read: () => Promise<T>): Promise<T> {
      const now = clock.now().getTime();
      const cached = zones.get(zoneId)?.get(key);
      if (cached && now >= cached.readAt && now - cached.readAt < freshMs) return cached.value;
      const generation = generations.get(zoneId) ?? 0;
      const value = await read();
      if ((generations.get(zoneId) ?? 0) === generation) {
        let entries = zones.get(zoneId);
        if (!entries) zones.set(zoneId, (entries = new Map()));
        entries.set(key, { value, readAt: now });
      }
      return value;
    },

    invalidate(zoneId: string): void {
      generations.set(zoneId, (generations.get(zoneId) ?? 0) + 1);
      zones.delete(zoneId);
    },
  };
}
