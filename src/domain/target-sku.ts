/** Choice of the new pool's OS SKU (DESIGN step 0). */
import { DEFAULT_CALENDAR, osSupportOn, type RetirementCalendar } from './calendar.js';
import { OS_SKUS, type OsSku } from './os.js';

export type TargetChoice =
  | {
      readonly ok: true;
      readonly osSku: OsSku;
      readonly requiresFips: boolean;
      readonly minKubernetes?: string;
    }
  | {
      readonly ok: false;
      readonly code: 'INVALID_INPUT' | 'OS_SKU_UNSUPPORTED';
      readonly reason: string;
    };

export interface ChooseTargetInput {
  readonly sourceSku: OsSku;
  /** The SKU the request asked for, as typed by the user (case-insensitive). */
  readonly requested?: string;
  readonly kubernetesVersion: string;
  readonly now: Date;
}

/**
 * Chooses the OS SKU of the new pool: the requested one (which must be newer than the source and
 * supported on the cluster's Kubernetes version today), or the oldest newer SKU that is supported
 * (the smallest move that leaves a supported pool, so 2019 goes to 2022 unless 1.37+ rules that out).
 */
export function chooseTargetSku(
  input: ChooseTargetInput,
  calendar: RetirementCalendar = DEFAULT_CALENDAR,
): TargetChoice {
  const newer = OS_SKUS.filter((sku) => OS_SKUS.indexOf(sku) > OS_SKUS.indexOf(input.sourceSku));
  const accept = (osSku: OsSku): TargetChoice => {
    const window = calendar[osSku];
    const base = { ok: true as const, osSku, requiresFips: window.requiresFips === true };
    return window.minKubernetes === undefined
      ? base
      : { ...base, minKubernetes: window.minKubernetes };
  };
  if (input.requested !== undefined) {
    const requested = OS_SKUS.find(
      (s) => s.toLowerCase() === input.requested?.trim().toLowerCase(),
    );
    if (!requested) {
      return {
        ok: false,
        code: 'INVALID_INPUT',
        reason: `targetOsSku "${input.requested}" is not one of ${OS_SKUS.join(', ')}`,
      };
    }
    if (!newer.includes(requested)) {
      return {
        ok: false,
        code: 'INVALID_INPUT',
        reason: `targetOsSku ${requested} is not newer than the pool's ${input.sourceSku}`,
      };
    }
    const support = osSupportOn(requested, input.kubernetesVersion, calendar, input.now);
    return support.supported
      ? accept(requested)
      : { ok: false, code: 'OS_SKU_UNSUPPORTED', reason: support.reason };
  }
  const reasons: string[] = [];
  for (const sku of newer) {
    const support = osSupportOn(sku, input.kubernetesVersion, calendar, input.now);
    if (support.supported) return accept(sku);
    reasons.push(support.reason);
  }
  const why =
    reasons.length > 0 ? reasons.join('; ') : `${input.sourceSku} is the newest Windows OS SKU`;
  return {
    ok: false,
    code: 'OS_SKU_UNSUPPORTED',
    reason: `no newer Windows OS SKU fits Kubernetes ${input.kubernetesVersion}: ${why}`,
  };
}
