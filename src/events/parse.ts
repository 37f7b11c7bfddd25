/**
 * AKS Event Grid events (DESIGN section 1) read from either delivery schema: Event Grid
 * (`topic`, `eventType`, `eventTime`, `data`) or CloudEvents 1.0 (`source`, `type`, `time`,
 * `specversion`, `data`). The topic/source is the cluster's ARM id; the subject repeats its name.
 */
import { AKS_EVENT_TYPES, type AksEvent, type AksEventType } from '../domain/aks-events.js';
import { WinshiftError } from '../domain/errors.js';

export { AKS_EVENT_TYPES, CLUSTER_EVENT_TYPES, type AksEvent } from '../domain/aks-events.js';

const PREFIX = 'Microsoft.ContainerService.';

export type ParsedEvent =
  | { readonly kind: 'aks'; readonly event: AksEvent }
  | { readonly kind: 'unknown'; readonly id: string; readonly type: string };

const CLUSTER_ID =
  /^\/subscriptions\/([0-9a-f-]{36})\/resourceGroups\/([^/]+)\/providers\/Microsoft\.ContainerService\/managedClusters\/([^/]+)$/i;

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function malformed(id: string, problem: string): WinshiftError {
  return new WinshiftError('INVALID_INPUT', `malformed AKS event ${id}: ${problem}`);
}

function text(event: Record<string, unknown>, field: string): string | undefined {
  const value = event[field];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** `data` as an object: CloudEvents may carry it as a JSON string. */
function dataOf(id: string, raw: unknown): Record<string, unknown> {
  let data = raw;
  if (typeof data === 'string') {
    try {
      data = JSON.parse(data) as unknown;
    } catch {
      throw malformed(id, 'data is a string that is not JSON');
    }
  }
  if (data === undefined || data === null) return {};
  if (!isRecord(data)) throw malformed(id, 'data is not an object');
  return data;
}

function envelope(event: Record<string, unknown>): {
  schema: AksEvent['schema'];
  type?: string;
  source?: string;
  time?: string;
} {
  if (text(event, 'specversion') !== undefined) {
    return {
      schema: 'cloudEvents',
      type: text(event, 'type'),
      source: text(event, 'source'),
      time: text(event, 'time'),
    };
  }
  return {
    schema: 'eventGrid',
    type: text(event, 'eventType'),
    source: text(event, 'topic'),
    time: text(event, 'eventTime'),
  };
}

/**
 * Reads one delivered event. Unknown types come back as `unknown` (ignored with a log line);
 * an AKS event that lacks what winshift acts on throws `[INVALID_INPUT]` naming the problem.
 */
export function parseAksEvent(raw: unknown): ParsedEvent {
  if (!isRecord(raw)) throw malformed('(no id)', 'the event is not a JSON object');
  const id = text(raw, 'id');
  if (id === undefined) throw malformed('(no id)', 'id is missing');
  const { schema, type, source, time } = envelope(raw);
  if (type === undefined) {
    const field = schema === 'cloudEvents' ? 'type' : 'eventType';
    throw malformed(id, `${field} is missing (neither an Event Grid event nor a CloudEvent)`);
  }
  const short = type.startsWith(PREFIX) ? type.slice(PREFIX.length) : '';
  const known = AKS_EVENT_TYPES.find((t) => t === short);
  if (!known) return { kind: 'unknown', id, type };
  const sourceField = schema === 'cloudEvents' ? 'source' : 'topic';
  const match = source === undefined ? null : CLUSTER_ID.exec(source);
  if (!match) {
    throw malformed(id, `${sourceField} "${source ?? ''}" is not a managed cluster resource id`);
  }
  const event: AksEvent = {
    id,
    type: known,
    schema,
    clusterResourceId: source!,
    subscriptionId: match[1]!.toLowerCase(),
    eventTime: time ?? '',
    ...dataFields(id, known, raw['data']),
  };
  return { kind: 'aks', event };
}

/** The data fields winshift uses; a rolling event without its pool name is malformed. */
function dataFields(
  id: string,
  type: AksEventType,
  raw: unknown,
): Pick<AksEvent, 'nodePoolName' | 'kubernetesVersion'> {
  const data = dataOf(id, raw);
  const nodePoolName = text(data, 'nodePoolName');
  if (type.startsWith('NodePoolRolling') && nodePoolName === undefined) {
    throw malformed(id, `${type} needs data.nodePoolName`);
  }
  const kubernetesVersion = text(data, 'kubernetesVersion');
  return {
    ...(nodePoolName === undefined ? {} : { nodePoolName }),
    ...(kubernetesVersion === undefined ? {} : { kubernetesVersion }),
  };
}
