import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { AZURE_EXAMPLES_DIR } from '../../support/azure-examples.js';
import { parseAksEvent } from '../../../src/events/parse.js';

const examples = path.join(AZURE_EXAMPLES_DIR, 'eventgrid-aks');
const SUB = '0f0e0d0c-0000-4000-8000-000000000001';
const CLUSTER = `/subscriptions/${SUB}/resourceGroups/rg-apps/providers/Microsoft.ContainerService/managedClusters/aks-apps`;

/** The shared example payloads, placeholders filled in. */
function example(schema: string, file: string): Record<string, unknown> {
  const text = readFileSync(path.join(examples, schema, file), 'utf8')
    .replaceAll('{subscription-id}', SUB)
    .replaceAll('{resource-group}', 'rg-apps')
    .replaceAll('{cluster}', 'aks-apps');
  return JSON.parse(text) as Record<string, unknown>;
}

/** The same event in the CloudEvents schema, as Event Grid would deliver it. */
function asCloudEvent(e: Record<string, unknown>): Record<string, unknown> {
  return {
    specversion: '1.0',
    id: e.id,
    source: e.topic,
    subject: e.subject,
    type: e.eventType,
    time: e.eventTime,
    data: e.data,
  };
}

const gridFiles = readdirSync(path.join(examples, 'event-grid-schema')).sort();

describe('AKS events: both schemas', () => {
  it.each([
    ['cluster_support_ended.json', 'ClusterSupportEnded', undefined, '1.23.15'],
    ['cluster_support_ending.json', 'ClusterSupportEnding', undefined, '1.24.10'],
    [
      'new_kubernetes_version_available.json',
      'NewKubernetesVersionAvailable',
      undefined,
      undefined,
    ],
    ['node_pool_rolling_failed.json', 'NodePoolRollingFailed', 'nodepool1', undefined],
    ['node_pool_rolling_started.json', 'NodePoolRollingStarted', 'nodepool1', undefined],
    ['node_pool_rolling_succeeded.json', 'NodePoolRollingSucceeded', 'nodepool1', undefined],
  ])('%s -> %s', (file, type, nodePoolName, kubernetesVersion) => {
    expect(gridFiles).toContain(file);
    const grid = example('event-grid-schema', file);
    for (const [raw, schema] of [
      [grid, 'eventGrid'],
      [asCloudEvent(grid), 'cloudEvents'],
    ] as const) {
      const parsed = parseAksEvent(raw);
      expect(parsed).toEqual({
        kind: 'aks',
        event: {
          id: grid.id,
          type,
          schema,
          clusterResourceId: CLUSTER,
          subscriptionId: SUB,
          eventTime: grid.eventTime,
          ...(nodePoolName ? { nodePoolName } : {}),
          ...(kubernetesVersion ? { kubernetesVersion } : {}),
        },
      });
    }
  });

  it('reads the shared CloudEvents example', () => {
    const parsed = parseAksEvent(example('cloud-events-schema', 'cluster_support_ending.json'));
    expect(parsed).toMatchObject({
      kind: 'aks',
      event: { type: 'ClusterSupportEnding', schema: 'cloudEvents', clusterResourceId: CLUSTER },
    });
  });

  it('reads CloudEvents data given as a JSON string', () => {
    const grid = example('event-grid-schema', 'node_pool_rolling_started.json');
    const ce = { ...asCloudEvent(grid), data: JSON.stringify(grid.data) };
    expect(parseAksEvent(ce)).toMatchObject({ event: { nodePoolName: 'nodepool1' } });
  });

  it.each([['Microsoft.Storage.BlobCreated'], ['Microsoft.ContainerService.SomethingNew']])(
    'returns %s as unknown',
    (eventType) => {
      const grid: Record<string, unknown> = {
        ...example('event-grid-schema', 'cluster_support_ended.json'),
        eventType,
      };
      expect(parseAksEvent(grid)).toEqual({ kind: 'unknown', id: grid.id, type: eventType });
    },
  );

  const base = (): Record<string, unknown> =>
    example('event-grid-schema', 'node_pool_rolling_started.json');
  it.each([
    ['not an object', () => [1, 2], 'not a JSON object'],
    ['no id', () => ({ ...base(), id: undefined }), 'id is missing'],
    ['no eventType', () => ({ ...base(), eventType: undefined }), 'eventType is missing'],
    ['CloudEvent without type', () => ({ ...asCloudEvent(base()), type: '' }), 'type is missing'],
    [
      'topic not a cluster',
      () => ({ ...base(), topic: '/subscriptions/x/resourceGroups/rg' }),
      'not a managed cluster resource id',
    ],
    [
      'CloudEvent source missing',
      () => ({ ...asCloudEvent(base()), source: undefined }),
      'source ""',
    ],
    ['rolling event without pool', () => ({ ...base(), data: {} }), 'needs data.nodePoolName'],
    ['data not an object', () => ({ ...base(), data: [1] }), 'data is not an object'],
    [
      'CloudEvent data string not JSON',
      () => ({ ...asCloudEvent(base()), data: '{nope' }),
      'not JSON',
    ],
  ])('rejects %s clearly', (_name, make, message) => {
    expect(() => parseAksEvent(make())).toThrow(/\[INVALID_INPUT\] malformed AKS event/);
    expect(() => parseAksEvent(make())).toThrow(message);
  });
});
