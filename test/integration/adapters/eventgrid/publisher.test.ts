/**
 * winshift's Event Grid publisher (adapters/eventgrid/publisher.ts, the real
 * EventGridPublisherClient) against the sandbox's topic endpoint over HTTPS: what lands, and how the
 * topic's refusals are classified. The token is the one the sandbox's Entra issuer signs for
 * winshift's managed identity and Event Grid's audience (WINSHIFT_SANDBOX_AUDIENCE_TOKENS);
 * `sandbox:<id>` tokens and tokens for another audience are refused with 401.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { createStaticTokenCredential } from '../../../../src/adapters/connect/static-token-credential.js';
import { createEventGridPublisher } from '../../../../src/adapters/eventgrid/publisher.js';
import type { LifecycleEvent } from '../../../../src/domain/lifecycle-events.js';
import {
  ScenarioBuilder,
  startArmEmulator,
  type RunningArmEmulator,
} from '../../../../src/sandbox/arm/index.js';
import {
  EVENT_GRID_AUDIENCE,
  SANDBOX_TOPIC_ENDPOINT,
} from '../../../../src/sandbox/eventgrid/topic.js';
import { rejectsWithCode, WINSHIFT_PRINCIPAL } from '../azure/support.js';

const SUB = '11111111-2222-4333-8444-555555555555';
const CLUSTER = `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks1`;

const started: LifecycleEvent = {
  id: 'upg-1/r1/started',
  type: 'io.winshift.upgrade.started',
  source: '/winshift',
  subject: `${CLUSTER}/agentPools/win19`,
  time: '2026-12-07T10:00:00.000Z',
  data: {
    id: 'upg-1',
    runId: 'r1',
    state: 'Planning',
    clusterResourceId: CLUSTER,
    poolName: 'win19',
    links: { status: 'https://func.example/api/upgrades/upg-1' },
    actor: { kind: 'user', id: 'oid-1', name: 'Olivia' },
  },
};

let arm: RunningArmEmulator;

function publisherWith(tokens: Record<string, string>, token = `sandbox:${WINSHIFT_PRINCIPAL}`) {
  return createEventGridPublisher({
    endpoint: SANDBOX_TOPIC_ENDPOINT,
    credential: createStaticTokenCredential({ token, environment: {}, audienceTokens: tokens }),
    httpClient: arm.transport.httpClient,
  });
}

beforeAll(async () => {
  arm = await startArmEmulator(new ScenarioBuilder(SUB).resourceGroup('rg', 'westeurope').build());
});

afterAll(async () => {
  await arm.stop();
});

beforeEach(() => {
  arm.topic.clear();
});

describe('Event Grid publisher against the sandbox topic', () => {
  it('sends CloudEvents 1.0 with the managed identity token; the topic records them as sent', async () => {
    const token = arm.entra.managedIdentityToken(WINSHIFT_PRINCIPAL, EVENT_GRID_AUDIENCE);
    const publisher = publisherWith({ [EVENT_GRID_AUDIENCE]: token });
    expect(publisher.enabled).toBe(true);
    await publisher.publish([started]);
    expect(arm.topic.received()).toEqual([
      expect.objectContaining({
        specversion: '1.0',
        id: started.id,
        type: started.type,
        source: '/winshift',
        subject: started.subject,
        data: started.data,
        publisher: WINSHIFT_PRINCIPAL,
      }),
    ]);
  });

  it('a token that is not for Event Grid is refused (401): UNAUTHORIZED, not retried', async () => {
    const other = arm.entra.managedIdentityToken(
      WINSHIFT_PRINCIPAL,
      'https://management.azure.com',
    );
    await rejectsWithCode(
      publisherWith({ [EVENT_GRID_AUDIENCE]: other }).publish([started]),
      'UNAUTHORIZED',
    );
    await rejectsWithCode(publisherWith({}).publish([started]), 'UNAUTHORIZED');
    expect(arm.topic.received()).toEqual([]);
  });

  it('an expired token is refused', async () => {
    const expired = arm.entra.managedIdentityToken(WINSHIFT_PRINCIPAL, EVENT_GRID_AUDIENCE, -60);
    await rejectsWithCode(
      publisherWith({ [EVENT_GRID_AUDIENCE]: expired }).publish([started]),
      'UNAUTHORIZED',
    );
  });

  it('no endpoint: publishing is off and nothing is sent', async () => {
    const off = createEventGridPublisher({
      credential: createStaticTokenCredential({ token: 'unused', environment: {} }),
    });
    expect(off.enabled).toBe(false);
    await off.publish([started]);
    expect(arm.topic.received()).toEqual([]);
  });
});
