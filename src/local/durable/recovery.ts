import type { EngineCore } from './engine-core.js';
import { ACTIVE_STATUSES, LiveInstance } from './live-instance.js';
import type { InstanceRecord } from './store.js';

/**
 * At start: loads every unfinished instance (history, inbox) and re-dispatches its pending work:
 * activities without a result run again, timers are re-armed, sub-orchestrations are checked.
 */
export async function recoverInstances(engine: EngineCore): Promise<number> {
  const store = engine.store;
  const records = (await store.listInstances()).filter((r) => ACTIVE_STATUSES.has(r.runtimeStatus));
  let resumed = 0;
  for (const indexed of records) {
    // The state row committed with the last episode is the truth; the Instances row may lag.
    const record = (await store.getState(indexed.instanceId)) ?? indexed;
    if (!ACTIVE_STATUSES.has(record.runtimeStatus)) {
      await store.putInstance(record);
      continue;
    }
    await recoverOne(engine, record);
    resumed += 1;
  }
  return resumed;
}

async function recoverOne(engine: EngineCore, record: InstanceRecord): Promise<void> {
  const store = engine.store;
  const inst = new LiveInstance(record);
  inst.append(await store.loadHistory(record.instanceId, record.historyStart, record.historyEnd));
  const inbox = await store.loadInbox(record.instanceId);
  // Rows up to the watermark are in the history already (their deletion did not happen).
  const consumed = inbox.filter((i) => i.key <= record.inboxWatermark);
  inst.inbox = inbox.filter((i) => i.key > record.inboxWatermark);
  if (consumed.length > 0) {
    await store.deleteInbox(
      record.instanceId,
      consumed.map((i) => i.key),
    );
  }
  engine.live.set(record.instanceId, inst);
  await engine.dispatch(inst, inst.pendingWork(inst.history));
  if (inst.inbox.length > 0) engine.requestEpisode(inst);
}
