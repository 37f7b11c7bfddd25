import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes, randomUUID } from 'node:crypto';
import { startSandbox, type RunningSandbox } from '../../../src/sandbox/index.js';
import { productAppDir, startHostProcess, type HostProcess } from '../../support/host-process.js';
import { clusterId, fleetScenario, SUB_1 } from '../fleet/fleet-fixture.js';

// Event Grid deliveries to the product app's aksEvents through the real local host's webhook.
describe('aksEvents through the local host', () => {
  let sandbox: RunningSandbox;
  let host: HostProcess;
  const a1 = clusterId(SUB_1, 'rg-a', 'aks-a1');
  beforeAll(async () => {
    sandbox = await startSandbox({ scenario: fleetScenario() });
    host = await startHostProcess({
      appDir: productAppDir,
      settings: {
        ...sandbox.settings,
        WINSHIFT_TASK_HUB: `events${randomBytes(5).toString('hex')}`,
        WINSHIFT_AUTO_UPGRADE: 'retired',
      },
    });
  });
  afterAll(async () => {
    await host?.stop();
    await sandbox?.stop();
  });

  const webhook = (key: string | null = host.keys.eventGrid): string =>
    `${host.origin}/runtime/webhooks/eventgrid?functionName=aksEvents${key ? `&code=${key}` : ''}`;

  const gridEvent = (type: string, data: Record<string, unknown>, topic = a1) => ({
    id: randomUUID(),
    topic,
    subject: topic.split('/').pop(),
    eventType: `Microsoft.ContainerService.${type}`,
    eventTime: new Date().toISOString(),
    data,
    dataVersion: '1',
    metadataVersion: '1',
  });

  const deliver = (body: unknown, key?: string | null): Promise<Response> =>
    fetch(webhook(key), {
      method: 'POST',
      headers: { 'aeg-event-type': 'Notification', 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  async function logged(id: string): Promise<string> {
    const deadline = Date.now() + 15_000;
    for (;;) {
      const line = host
        .output()
        .split('\n')
        .find((l) => l.includes(id) && l.includes('"action"'));
      if (line) return line;
      if (Date.now() > deadline) throw new Error(`no outcome for ${id}:\n${host.output()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  it('GET /api/fleet is a 404 problem before any scan', async () => {
    const res = await fetch(`${host.origin}/api/fleet`, {
      headers: { 'x-functions-key': host.keys.function },
    });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(await res.json()).toMatchObject({
      status: 404,
      detail: expect.stringContaining('No fleet scan has completed yet'),
    });
  });

  it('answers the Event Grid validation handshake', async () => {
    const res = await fetch(webhook(), {
      method: 'POST',
      headers: { 'aeg-event-type': 'SubscriptionValidation', 'content-type': 'application/json' },
      body: JSON.stringify([
        {
          id: randomUUID(),
          topic: a1,
          subject: '',
          eventType: 'Microsoft.EventGrid.SubscriptionValidationEvent',
          eventTime: new Date().toISOString(),
          data: { validationCode: 'code-123' },
          dataVersion: '1',
        },
      ]),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ validationResponse: 'code-123' });
  });

  it('answers the CloudEvents abuse-protection handshake', async () => {
    const res = await fetch(webhook(), {
      method: 'OPTIONS',
      headers: { 'WebHook-Request-Origin': 'eventgrid.azure.net' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('webhook-allowed-origin')).toBe('eventgrid.azure.net');
  });

  it('requires the eventgrid_extension system key', async () => {
    const event = gridEvent('NodePoolRollingStarted', { nodePoolName: 'win19' });
    expect((await deliver([event], null)).status).toBe(401);
    expect((await deliver([event], host.keys.function)).status).toBe(401);
  });

  it('Event Grid schema: ClusterSupportEnded rescans the cluster and starts its retired pool', async () => {
    const event = gridEvent('ClusterSupportEnded', { kubernetesVersion: '1.31.5' });
    expect((await deliver([event])).status).toBe(202);
    const line = await logged(event.id);
    expect(line).toContain('"action":"scanned"');
    expect(line).toContain('"windowsPools":2');
    expect(line).toMatch(/"outcome":"(started|running)"/);
  });

  it('CloudEvents schema: NodePoolRollingStarted is noted against the upgrade of that pool', async () => {
    const event = {
      specversion: '1.0',
      id: randomUUID(),
      source: a1,
      subject: 'aks-a1',
      type: 'Microsoft.ContainerService.NodePoolRollingStarted',
      time: new Date().toISOString(),
      data: { nodePoolName: 'win19' },
    };
    const res = await fetch(webhook(), {
      method: 'POST',
      headers: { 'aeg-event-type': 'Notification', 'content-type': 'application/cloudevents+json' },
      body: JSON.stringify(event),
    });
    expect(res.status).toBe(202);
    const line = await logged(event.id);
    expect(line).toContain('"action":"noted"');
    expect(line).toMatch(/"instanceIds":\["upg-/);
  });

  it.each([
    [
      'an unknown type',
      { ...gridEvent('ClusterSupportEnded', {}), eventType: 'Contoso.Other' },
      202,
    ],
    [
      'another subscription',
      gridEvent(
        'ClusterSupportEnded',
        {},
        clusterId('99999999-0000-4000-8000-000000000009', 'rg', 'x'),
      ),
      202,
    ],
    [
      'a malformed AKS event (retried, then dead-lettered)',
      gridEvent('NodePoolRollingFailed', {}),
      500,
    ],
  ])('%s gets the right answer', async (_name, event, status) => {
    expect((await deliver([event])).status).toBe(status);
  });
});
