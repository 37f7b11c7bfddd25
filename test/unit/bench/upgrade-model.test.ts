// The time models of `npm run bench:upgrade`, read from the default scenario and the realistic
// latencies: the terms must follow the scenario, not be typed in.
import { describe, expect, it } from '@jest/globals';
import {
  lowerBound,
  manualProcedure,
  movedWorkloads,
  poolNodeCount,
  scenarioFloor,
  type ModelInput,
} from '../../../bench/upgrade-bench/model.js';
import {
  DEFAULT_SCENARIO_FILE,
  loadScenarioFile,
  resolveLatency,
} from '../../../src/sandbox/index.js';

const latency = resolveLatency('realistic');
const scenario = await loadScenarioFile(DEFAULT_SCENARIO_FILE);
const input: ModelInput = {
  workloads: movedWorkloads(scenario, 'aks-payments'),
  latency,
  oldPoolNodes: poolNodeCount(scenario, 'aks-payments', 'win19'),
};
const LARGEST_2022_IMAGE_BYTES = 4080218931; // aspnet:4.8-windowsservercore-ltsc2022
const GRACE_MS = 30 * 1000 * latency.gracePeriodScale;

describe('bench:upgrade models of the default scenario', () => {
  it('finds the moved workloads, the StatefulSet with its ordered pods', () => {
    expect(input.workloads.map((w) => [w.key, w.orderedPods])).toEqual([
      ['Deployment/payments/payments-api', 1],
      ['Deployment/payments/invoice-web', 1],
      ['Deployment/payments/report-renderer', 1],
      ['Deployment/payments/payroll', 1],
      ['StatefulSet/payments/ledger', 2],
      ['DaemonSet/monitoring/log-agent', 1],
    ]);
    expect(input.oldPoolNodes).toBe(3);
  });

  it('sums the critical path: pool, largest pull, one start, one grace, deletion', () => {
    const bound = lowerBound(input);
    expect(bound.terms.map((t) => t.ms)).toEqual([
      latency.poolProvisioningMs,
      (LARGEST_2022_IMAGE_BYTES / latency.imagePullBytesPerSecond) * 1000,
      latency.containerStartMs,
      GRACE_MS,
      latency.poolDeletionMs,
    ]);
    expect(bound.totalMs).toBeCloseTo(83_485, -1);
  });

  it("adds the StatefulSet's second pod (one grace and one start) to the scenario floor", () => {
    const extra = scenarioFloor(input).totalMs - lowerBound(input).totalMs;
    expect(extra).toBeCloseTo(GRACE_MS + latency.containerStartMs);
  });

  it('walks the manual procedure workload by workload and node by node', () => {
    const withPrePull = manualProcedure(input, true);
    const without = manualProcedure(input, false);
    expect(withPrePull.terms).toHaveLength(1 + 1 + 6 + 1 + 1);
    expect(without.terms).toHaveLength(1 + 6 + 1 + 1);
    expect(withPrePull.totalMs).toBeLessThan(without.totalMs);
    expect(without.terms.at(-2)?.ms).toBe(3 * GRACE_MS);
  });
});
