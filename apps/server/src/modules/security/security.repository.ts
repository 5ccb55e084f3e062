import { and, eq } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { zoneSettings } from '../zones/zones.table.js';

export async function findZoneSetting(executor: Executor, zoneId: string, key: string): Promise<string | undefined> {
  const [row] = await executor
    .select({ value: zoneSettings.value })
    .from(zoneSettings)
    .where(and(eq(zoneSettings.zoneId, zoneId), eq(zoneSettings.key, key)));
  return row?.value;
}

export async function upsertZoneSetting(executor: Executor, zoneId: string, key: string, value: string, at: Date): Promise<void> {
  await executor
    .insert(zoneSettings)
    .values({ zoneId, key, value, updatedAt: at })
    .onConflictDoUpdate({ target: [zoneSettings.zoneId, zoneSettings.key], set: { value, updatedAt: at } });
}
