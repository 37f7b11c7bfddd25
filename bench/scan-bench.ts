// `npm run bench:scan`: the fleet scan over an ARM emulator fleet of 1,000 clusters x 3 pools with
// 50 ms ARM latency, through the real AKS adapter (Azure SDK, paged ManagedClusters_List) and the
// scan's rate limiter, subscriptions `scanConcurrency` at a time as the fleetScan orchestration runs
// them. Two 429s (Retry-After 1 s) are armed to show they are met and sat out. Prints wall time,
// ARM requests next to the floor (pages per subscription) and the rate-limit floor, and the 429s.
import { createAzureAdapters } from '../src/adapters/azure/index.js';
import { silentLog } from '../src/activities/shared/log.js';
import { DEFAULT_CALENDAR } from '../src/domain/calendar.js';
import { createRateLimiter } from '../src/activities/fleet/rate-limiter.js';
import { scanSubscription } from '../src/activities/fleet/scan-subscription.js';
import type { ScanSubscriptionOutput } from '../src/workflow/contracts/index.js';
import type { FleetEntry, FleetReportStore } from '../src/ports/fleet.js';
import { ScenarioBuilder, startSandbox } from '../src/sandbox/index.js';

const SUBSCRIPTIONS = 4;
const CLUSTERS = 1000;
const PAGE_SIZE = 100; // ARM's managed cluster list page
const RATE = 20; // WINSHIFT_ARM_REQUESTS_PER_SECOND default
const CONCURRENCY = 8; // WINSHIFT_SCAN_CONCURRENCY default
const THROTTLES = 2;

const subscriptionIds = Array.from(
  { length: SUBSCRIPTIONS },
  (_, i) => `22222222-0000-4000-8000-${String(i + 1).padStart(12, '0')}`,
);
const builder = new ScenarioBuilder(subscriptionIds[0])
  .clusterPageSize(PAGE_SIZE)
  .latency({ requestMs: 50 });
for (let i = 0; i < CLUSTERS; i++) {
  const sku = (['Windows2019', 'Windows2022'] as const)[i % 2]!;
  builder.cluster(
    `rg-${i % 10}`,
    {
      name: `aks-${String(i).padStart(4, '0')}`,
      kubernetesVersion: '1.31.5',
      pools: [
        { name: 'sys', osType: 'Linux', mode: 'System', count: 1 },
        { name: 'wina', osType: 'Windows', osSKU: sku, count: 1 },
        { name: 'winb', osType: 'Windows', osSKU: 'Windows2022', count: 1 },
      ],
    },
    subscriptionIds[i % SUBSCRIPTIONS],
  );
}
builder.fault({
  operationId: 'ManagedClusters_List',
  kind: 'throttle',
  count: THROTTLES,
  retryAfterSeconds: 1,
});

const sandbox = await startSandbox({ scenario: builder.build() });
try {
  const azure = createAzureAdapters({
    credential: sandbox.winshiftCredential,
    subscriptions: subscriptionIds,
    httpClient: sandbox.arm.transport.httpClient,
  });
  let stored = 0;
  const store: Pick<FleetReportStore, 'saveEntries'> = {
    saveEntries: (_scanId: string, entries: readonly FleetEntry[]) => {
      stored += entries.length;
      return Promise.resolve();
    },
  };
  const limiter = createRateLimiter({ requestsPerSecond: RATE });
  const deps = {
    aks: azure.aks,
    fleetStore: store,
    limiter,
    calendar: DEFAULT_CALENDAR,
    windowDays: 90,
    now: () => new Date(),
    log: silentLog,
  };
  sandbox.arm.clearOperations();
  const started = performance.now();
  const results: ScanSubscriptionOutput[] = [];
  for (let i = 0; i < subscriptionIds.length; i += CONCURRENCY) {
    const wave = subscriptionIds.slice(i, i + CONCURRENCY);
    results.push(
      ...(await Promise.all(
        wave.map((subscriptionId) =>
          scanSubscription(deps, { scanId: 'bench', subscriptionId, policy: 'window' }),
        ),
      )),
    );
  }
  const wallMs = performance.now() - started;
  const ops = sandbox.arm.operations().filter((o) => o.operationId.startsWith('ManagedClusters_'));
  const throttled = ops.filter((o) => o.status === 429).length;
  const pagesFloor = subscriptionIds.length * Math.ceil(CLUSTERS / SUBSCRIPTIONS / PAGE_SIZE);
  const rateFloorMs = (Math.max(0, pagesFloor - Math.ceil(RATE)) / RATE) * 1000;
  const clusters = results.reduce((n, r) => n + r.clusters, 0);
  const pools = results.reduce((n, r) => n + r.windowsPools, 0);
  console.log(
    `fleet: ${clusters} clusters in ${SUBSCRIPTIONS} subscriptions, ${pools} Windows pools classified (${stored} stored)`,
  );
  console.log(
    `wall time: ${(wallMs / 1000).toFixed(2)} s (50 ms ARM latency, ${RATE} req/s, ${CONCURRENCY} subscriptions at once)`,
  );
  console.log(
    `ARM requests: ${ops.length} (${ops.length - throttled} answered + ${throttled} 429s); floor ${pagesFloor} (pages per subscription)`,
  );
  console.log(
    `rate limiter: ${limiter.stats().requests} tokens taken, waited ${limiter.stats().waitedInMs} ms; rate-limit floor ${(rateFloorMs / 1000).toFixed(2)} s`,
  );
  console.log(
    `429s met: ${throttled} (armed ${THROTTLES}; sat out on Retry-After by the SDK, none failed the scan)`,
  );
  console.log(
    `candidates under policy "window": ${results.reduce((n, r) => n + r.candidates.length, 0)}`,
  );
} finally {
  await sandbox.stop();
}
