import type { Executor } from '../../db/client.js';
import { zoneSettings } from '../zones/zones.table.js';

export { findZoneSetting } from '../zones/index.js';

export async function upsertZoneSetting(executor: Executor, zoneId: string, key: string, value: string, at: Date): Promise<void> {
  await executor
    .insert(zoneSettings)
    .values({ zoneId, key, value, updatedAt: at })
    .onConflictDoUpdate({ target: [zoneSettings.zoneId, zoneSettings.key], set: { value, updatedAt: at } });
}
