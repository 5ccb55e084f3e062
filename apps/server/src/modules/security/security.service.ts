import { DEFAULT_SECURITY_POLICY, type SecurityPolicy } from '@yuanqu/shared';
import type { Database, Executor } from '../../db/client.js';
import type { Clock } from '../../lib/clock.js';
import { ValidationError } from '../../lib/errors.js';
import type { Actor, RequestMeta } from '../../lib/request-context.js';
import { appendAuditEvent } from '../audit/index.js';
import * as repository from './security.repository.js';

const POLICY_KEY = 'security_policy';

/** The zone's security policy; defaults fill whatever the security admin has not set. */
export async function getSecurityPolicy(executor: Executor, zoneId: string): Promise<SecurityPolicy> {
  const stored = await repository.findZoneSetting(executor, zoneId, POLICY_KEY);
  if (!stored) return { ...DEFAULT_SECURITY_POLICY };
  return { ...DEFAULT_SECURITY_POLICY, ...(JSON.parse(stored) as Partial<SecurityPolicy>) };
}

export async function updateSecurityPolicy(
  db: Database,
  clock: Clock,
  actor: Actor,
  meta: RequestMeta,
  policy: SecurityPolicy,
): Promise<SecurityPolicy> {
  // The validator turns the text "Infinity" into a number that passes every bound; stored as JSON it
  // would become null and break the policy for every later sign-in and read.
  const notWhole = (Object.keys(policy) as Array<keyof SecurityPolicy>).filter((key) => typeof policy[key] === 'number' && !Number.isSafeInteger(policy[key]));
  if (notWhole.length > 0) throw new ValidationError(notWhole.map((key) => ({ field: `body.${key}`, reason: 'type' })));
  return db.transaction(async (tx) => {
    const before = await getSecurityPolicy(tx, actor.zoneId);
    await repository.upsertZoneSetting(tx, actor.zoneId, POLICY_KEY, JSON.stringify(policy), clock.now());
    await appendAuditEvent(
      tx,
      {
        zoneId: actor.zoneId,
        actorId: actor.userId,
        actorName: actor.displayName,
        action: 'security.policy_update',
        targetType: 'zone',
        targetId: actor.zoneId,
        outcome: 'success',
        requestId: meta.requestId,
        ip: meta.ip,
        details: { before, after: policy },
      },
      clock,
    );
    return policy;
  });
}
