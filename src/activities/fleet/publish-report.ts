/**
 * publishReport: makes the scan the latest report, then announces it (`io.winshift.fleet.scanned`,
 * with the counts by retirement class) when lifecycle events are on. A failed announcement is
 * TRANSIENT-retried like any activity (the report write is idempotent); any other failure is logged.
 */
import { errorCodeOf } from '../../domain/errors.js';
import { fleetScannedEvent } from '../../domain/lifecycle-events.js';
import type { FleetReportHeader, FleetReportStore } from '../../ports/fleet.js';
import type { LifecyclePublisher } from '../../ports/lifecycle-events.js';
import type { ActivityLog } from '../shared/log.js';

export interface PublishReportDeps {
  readonly fleetStore: Pick<FleetReportStore, 'publish' | 'latest'>;
  readonly events?: LifecyclePublisher;
  readonly log: ActivityLog;
}

export async function publishReport(
  deps: PublishReportDeps,
  header: FleetReportHeader,
): Promise<void> {
  await deps.fleetStore.publish(header);
  if (deps.events?.enabled !== true) return;
  const report = await deps.fleetStore.latest();
  if (report === undefined || report.scanId !== header.scanId) return;
  const event = fleetScannedEvent(header.scanId, header.completedAt, report.summary);
  try {
    await deps.events.publish([event]);
  } catch (error) {
    const code = errorCodeOf(error);
    if (code === 'TRANSIENT') throw error;
    deps.log.warn('fleet.scanned not published', {
      step: 'publishReport',
      instanceId: header.scanId,
      code,
    });
  }
}
