import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { AZURE_EXAMPLES_DIR } from '../../support/azure-examples.js';
import { startHostProcess, type HostProcess } from '../../support/host-process.js';

// The official AKS event examples, copied into the repository.
const examples = path.join(AZURE_EXAMPLES_DIR, 'eventgrid-aks');

type Event = Record<string, unknown> & { id: string; data?: Record<string, unknown> };

async function readExamples(schema: string): Promise<Event[]> {
  const dir = path.join(examples, schema);
  const files = (await readdir(dir)).filter((f) => f.endsWith('.json')).sort();
  return Promise.all(
    files.map(async (f) => JSON.parse(await readFile(path.join(dir, f), 'utf8')) as Event),
  );
}

/** A copy with a fresh id, so each test finds its own deliveries. */
const fresh = (event: Event, data?: Record<string, unknown>): Event => ({
  ...event,
  id: randomUUID(),
  ...(data ? { data } : {}),
});

interface Delivery {
  functionName: string;
  event: Event;
  triggerData: unknown;
}

describe('local host: Event Grid webhook', () => {
  let host: HostProcess;
  let gridEvents: Event[];
  let cloudEvents: Event[];
  beforeAll(async () => {
    [gridEvents, cloudEvents] = await Promise.all([
      readExamples('event-grid-schema'),
      readExamples('cloud-events-schema'),
    ]);
    host = await startHostProcess();
  });
  afterAll(async () => {
    await host.stop();
  });

  const webhook = (functionName: string, key: string | null = host.keys.eventGrid): string =>
    `${host.origin}/runtime/webhooks/eventgrid?functionName=${functionName}${key ? `&code=${key}` : ''}`;

  const post = (
    body: unknown,
    eventType: string,
    contentType = 'application/json',
  ): Promise<Response> =>
    fetch(webhook('gridEvents'), {
      method: 'POST',
      headers: { 'aeg-event-type': eventType, 'content-type': contentType },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  async function deliveriesOf(ids: string[], count = ids.length): Promise<Delivery[]> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const res = await fetch(`${host.origin}/api/eventgrid/deliveries`);
      const found = ((await res.json()) as Delivery[]).filter((d) => ids.includes(d.event.id));
      if (found.length >= count || Date.now() > deadline) return found;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  it('requires the eventgrid_extension system key or the master key', async () => {
    const event = fresh(gridEvents[0]!);
    const send = (url: string, headers: Record<string, string> = {}): Promise<Response> =>
      fetch(url, {
        method: 'POST',
        headers: { 'aeg-event-type': 'Notification', ...headers },
        body: JSON.stringify([event]),
      });
    expect((await send(webhook('gridEvents', null))).status).toBe(401);
    expect((await send(webhook('gridEvents', 'wrong'))).status).toBe(401);
    expect((await send(webhook('gridEvents', host.keys.function))).status).toBe(401);
    const byHeader = await send(webhook('gridEvents', null), {
      'x-functions-key': host.keys.master,
    });
    expect(byHeader.status).toBe(202);
  });

  it('answers 404 for a function that is not an Event Grid function', async () => {
    for (const name of ['nope', 'hello']) {
      const res = await fetch(webhook(name), {
        method: 'POST',
        headers: { 'aeg-event-type': 'Notification' },
        body: '[]',
      });
      expect(res.status).toBe(404);
      expect(await res.text()).toBe(`cannot find function: '${name}'`);
    }
  });

  it('answers the SubscriptionValidationEvent handshake without invoking the function', async () => {
    const validation = {
      id: randomUUID(),
      topic: gridEvents[0]!.topic,
      subject: '',
      eventType: 'Microsoft.EventGrid.SubscriptionValidationEvent',
      eventTime: new Date().toISOString(),
      data: { validationCode: 'A1B2C3', validationUrl: 'https://rp-eastus.eventgrid.azure.net/x' },
      dataVersion: '2',
      metadataVersion: '1',
    };
    const res = await post([validation], 'SubscriptionValidation');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ validationResponse: 'A1B2C3' });
    // Deliveries complete before the webhook answers, so none can still be on its way.
    expect(await deliveriesOf([validation.id], 0)).toEqual([]);
  });

  it('invokes the function once per event of an Event Grid schema batch, with the event as sent', async () => {
    expect(gridEvents).toHaveLength(6);
    const batch = gridEvents.map((e) => fresh(e));
    const res = await post(batch, 'Notification');
    expect(res.status).toBe(202);
    const delivered = await deliveriesOf(batch.map((e) => e.id));
    expect(delivered.map((d) => d.event).sort(byId)).toEqual([...batch].sort(byId));
    for (const d of delivered) {
      expect(d.functionName).toBe('gridEvents');
      expect(d.triggerData).toEqual(d.event.data);
    }
  });

  it('accepts a structured CloudEvent and a CloudEvents batch', async () => {
    const single = fresh(cloudEvents[0]!);
    const one = await post(single, 'Notification', 'application/cloudevents+json; charset=utf-8');
    expect(one.status).toBe(202);
    const batch = [fresh(cloudEvents[0]!), fresh(cloudEvents[0]!, { kubernetesVersion: '1.25.6' })];
    const many = await post(batch, 'Notification', 'application/cloudevents-batch+json');
    expect(many.status).toBe(202);
    const delivered = await deliveriesOf([single.id, ...batch.map((e) => e.id)]);
    expect(delivered.map((d) => d.event).sort(byId)).toEqual([single, ...batch].sort(byId));
  });

  it('answers the CloudEvents abuse-protection OPTIONS handshake', async () => {
    const options = (origin: string): Promise<Response> =>
      fetch(webhook('gridEvents'), {
        method: 'OPTIONS',
        headers: { 'WebHook-Request-Origin': origin },
      });
    const res = await options('eventgrid.azure.net');
    expect(res.status).toBe(200);
    expect(res.headers.get('webhook-allowed-origin')).toBe('eventgrid.azure.net');
    expect(res.headers.get('webhook-allowed-rate')).toBe('*');
    // Only Event Grid's own origins are echoed, as the extension does.
    const other = await options('attacker.example.com');
    expect(other.headers.get('webhook-allowed-origin')).toBe('eventgrid.azure.net');
    expect((await options('eventgrid.azure.cn')).headers.get('webhook-allowed-origin')).toBe(
      'eventgrid.azure.cn',
    );
  });

  it.each([
    ['a body that is not JSON', '{"id":', 'Notification'],
    ['an array of non-objects', '[1, 2]', 'Notification'],
    ['a validation without a code', '[{"data":{}}]', 'SubscriptionValidation'],
    ['no aeg-event-type header', '[]', ''],
  ])('answers 400 for %s', async (_case, body, eventType) => {
    expect((await post(body, eventType)).status).toBe(400);
  });

  it('answers 500 without details when a handler throws, so Event Grid redelivers', async () => {
    const ok = fresh(gridEvents[0]!);
    const bad = fresh(gridEvents[1]!, { fail: true });
    const res = await post([ok, bad], 'Notification');
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(text).toBe('Exception while executing function: Functions.gridEvents');
    expect(await deliveriesOf([ok.id, bad.id])).toHaveLength(2);
    expect(host.output()).toContain('handler failed on purpose');
  });

  it('runs an Event Grid function from the admin API with the event as input', async () => {
    const event = fresh(gridEvents[2]!);
    const res = await fetch(`${host.origin}/admin/functions/gridEvents`, {
      method: 'POST',
      headers: { 'x-functions-key': host.keys.master },
      body: JSON.stringify({ input: JSON.stringify(event) }),
    });
    expect(res.status).toBe(202);
    expect((await deliveriesOf([event.id])).map((d) => d.event)).toEqual([event]);
  });

  it('lists the webhook URL at start', () => {
    expect(host.output()).toContain(
      `gridEvents: eventGridTrigger ${host.origin}/runtime/webhooks/eventgrid?functionName=gridEvents`,
    );
  });
});

function byId(a: Event, b: Event): number {
  return a.id.localeCompare(b.id);
}
