import type { EngineCore } from './engine-core.js';
import { ACTIVE_STATUSES } from './live-instance.js';
import type { InstanceRecord } from './store.js';

export interface InstanceFilter {
  runtimeStatus?: string[];
  createdTimeFrom?: Date;
  createdTimeTo?: Date;
  instanceIdPrefix?: string;
}

export interface InstancePage {
  records: InstanceRecord[];
  continuationToken?: string;
}

export function matches(record: InstanceRecord, filter: InstanceFilter): boolean {
  const created = Date.parse(record.createdTime);
  if (filter.runtimeStatus && !filter.runtimeStatus.includes(record.runtimeStatus)) return false;
  if (filter.createdTimeFrom && created < filter.createdTimeFrom.getTime()) return false;
  if (filter.createdTimeTo && created > filter.createdTimeTo.getTime()) return false;
  if (filter.instanceIdPrefix && !record.instanceId.startsWith(filter.instanceIdPrefix))
    return false;
  return true;
}

/** Instances matching a filter, ordered by id, a page at a time (token = last id returned). */
export async function listInstances(
  engine: EngineCore,
  filter: InstanceFilter,
  top: number,
  continuationToken: string | undefined,
): Promise<InstancePage> {
  const all = (await engine.store.listInstances())
    .map((stored) => engine.live.get(stored.instanceId)?.record ?? stored)
    .filter((record) => matches(record, filter))
    .sort((a, b) => (a.instanceId < b.instanceId ? -1 : a.instanceId > b.instanceId ? 1 : 0));
  const after = continuationToken
    ? Buffer.from(continuationToken, 'base64url').toString()
    : undefined;
  const rest = after === undefined ? all : all.filter((r) => r.instanceId > after);
  const records = rest.slice(0, top);
  const last = records[records.length - 1];
  return rest.length > top && last
    ? { records, continuationToken: Buffer.from(last.instanceId).toString('base64url') }
    : { records };
}

/** Purges the finished instances matching a filter; running ones are never purged. */
export async function purgeInstances(engine: EngineCore, filter: InstanceFilter): Promise<number> {
  const records = (await engine.store.listInstances()).filter(
    (r) => matches(r, filter) && !ACTIVE_STATUSES.has(r.runtimeStatus),
  );
  let deleted = 0;
  for (const record of records) deleted += await engine.purge(record.instanceId);
  return deleted;
}
