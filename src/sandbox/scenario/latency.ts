import type { LatencyProfile } from '../state/scenario.js';

/** Durations of the simulated nodes' work (the kubelet's part). */
export interface NodeLatency {
  /** Image download speed; a pull takes the variant's size / this (cached per node). */
  readonly imagePullBytesPerSecond?: number;
  /** From "image present" to "container running". */
  readonly containerStartMs?: number;
  /** Multiplies terminating pods' grace periods. */
  readonly gracePeriodScale?: number;
  /** Multiplies the kubelet's back-off (10 s doubling to 5 min) for pull errors and crash loops. */
  readonly backoffScale?: number;
}

/** Everything a latency profile sets: the ARM emulator's durations plus the nodes'. */
export type SandboxLatency = LatencyProfile & NodeLatency;

export const LATENCY_PROFILE_NAMES = ['small', 'realistic'] as const;
export type LatencyProfileName = (typeof LATENCY_PROFILE_NAMES)[number];

const MIB = 1024 * 1024;
/** Durations of the `realistic` profile are real AKS durations times this, so a run stays watchable. */
export const REALISTIC_TIME_SCALE = 0.1;
const scaled = (realMs: number): number => Math.round(realMs * REALISTIC_TIME_SCALE);

/**
 * Named profiles. `small` keeps `npm start` and tests quick (a pool in a few seconds, multi-GB pulls in
 * about a second). `realistic` is for benchmarks: AKS-like durations (a Windows pool ~8 min to create,
 * ~4 min to delete, pulls at ~60 MiB/s, 20 s container start, real grace periods and back-off), all
 * scaled by REALISTIC_TIME_SCALE.
 */
export const LATENCY_PROFILES: Readonly<Record<LatencyProfileName, Required<SandboxLatency>>> = {
  small: {
    requestMs: 0,
    operationMs: {},
    poolProvisioningMs: 3000,
    poolDeletionMs: 2000,
    lroRetryAfterSeconds: 1,
    imagePullBytesPerSecond: 4096 * MIB,
    containerStartMs: 300,
    gracePeriodScale: 0.05,
    backoffScale: 0.05,
  },
  realistic: {
    requestMs: scaled(300),
    operationMs: {},
    poolProvisioningMs: scaled(8 * 60_000),
    poolDeletionMs: scaled(4 * 60_000),
    lroRetryAfterSeconds: 3,
    imagePullBytesPerSecond: (60 * MIB) / REALISTIC_TIME_SCALE,
    containerStartMs: scaled(20_000),
    gracePeriodScale: REALISTIC_TIME_SCALE,
    backoffScale: REALISTIC_TIME_SCALE,
  },
};

/** A profile by name with overrides merged over it (`operationMs` merged key by key). */
export function resolveLatency(
  profile: LatencyProfileName,
  overrides: SandboxLatency = {},
): Required<SandboxLatency> {
  const base = LATENCY_PROFILES[profile];
  const defined = Object.fromEntries(
    Object.entries(overrides).filter(([, value]) => value !== undefined),
  ) as SandboxLatency;
  return {
    ...base,
    ...defined,
    operationMs: { ...base.operationMs, ...defined.operationMs },
  };
}
