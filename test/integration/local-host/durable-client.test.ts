import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startHostProcess, type HostProcess } from '../../support/host-process.js';

interface Status {
  instanceId: string;
  runtimeStatus: string;
  input: unknown;
  output: unknown;
  name: string;
}

describe('local host: the DurableClient and the Durable HTTP API', () => {
  let host: HostProcess;
  beforeAll(async () => {
    host = await startHostProcess({
      settings: { AzureFunctionsJobHost__extensions__durableTask__hubName: 'ClientHub' },
    });
  });
  afterAll(async () => {
    await host.stop();
  });

  const api = (path: string, init?: RequestInit): Promise<Response> =>
    fetch(`${host.origin}${path}`, init);
  const unique = (prefix: string): string =>
    `${prefix}-${Date.now()}-${Math.random().toString(16).slice(2, 8)}`;

  async function startViaClient(name: string, input: unknown, id?: string): Promise<Response> {
    const query = id ? `?id=${encodeURIComponent(id)}` : '';
    return api(`/api/durable/start/${name}${query}`, {
      method: 'POST',
      body: JSON.stringify(input),
    });
  }

  async function clientStatus(id: string): Promise<Status> {
    const res = await api(`/api/durable/status/${encodeURIComponent(id)}`);
    expect(res.status).toBe(200);
    return (await res.json()) as Status;
  }

  async function waitStatus(id: string, wanted: string): Promise<Status> {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const s = await clientStatus(id);
      if (s.runtimeStatus === wanted) return s;
      if (Date.now() > deadline) throw new Error(`${id} is ${s.runtimeStatus}, not ${wanted}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  it('starts with createCheckStatusResponse whose URLs resolve on this host', async () => {
    const id = unique('check');
    const res = await startViaClient('waitForever', { x: 1 }, id);
    expect(res.status).toBe(202);
    const links = (await res.json()) as Record<string, string>;
    expect(links.id).toBe(id);
    expect(res.headers.get('location')).toBe(links.statusQueryGetUri);
    expect(
      links.statusQueryGetUri?.startsWith(
        `${host.origin}/runtime/webhooks/durabletask/instances/${id}?`,
      ),
    ).toBe(true);
    // While it runs the status query answers 202 with a Location to poll.
    await waitStatus(id, 'Running');
    const running = await fetch(links.statusQueryGetUri ?? '');
    expect(running.status).toBe(202);
    expect(running.headers.get('location')).toBe(links.statusQueryGetUri);
    expect(await running.json()).toMatchObject({
      instanceId: id,
      name: 'waitForever',
      input: { x: 1 },
    });
    // The terminate link works as given.
    const terminate = await fetch((links.terminatePostUri ?? '').replace('{text}', 'done'), {
      method: 'POST',
    });
    expect(terminate.status).toBe(202);
    await waitStatus(id, 'Terminated');
    const final = await fetch(links.statusQueryGetUri ?? '');
    expect(final.status).toBe(400);
    expect(await final.json()).toMatchObject({ runtimeStatus: 'Terminated', output: 'done' });
  });

  it('raises an event through the webhook link and reads the result through the client', async () => {
    const id = unique('event');
    const links = (await (await startViaClient('approval', 60_000, id)).json()) as Record<
      string,
      string
    >;
    await waitStatus(id, 'Running');
    const sent = await fetch((links.sendEventPostUri ?? '').replace('{eventName}', 'approve'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify('yes'),
    });
    expect(sent.status).toBe(202);
    expect(await waitStatus(id, 'Completed')).toMatchObject({ output: { approved: 'yes' } });
    expect((await fetch(links.statusQueryGetUri ?? '')).status).toBe(200);
  });

  it('refuses to start an id that is still running (409), and restarts it once finished', async () => {
    const id = unique('dup');
    expect((await startViaClient('waitForever', null, id)).status).toBe(202);
    const again = await startViaClient('waitForever', null, id);
    expect(again.status).toBe(500);
    const { error } = (await again.json()) as { error: string };
    expect(error).toContain('unexpected status code: 409');
    expect(error).toContain('already running');
    expect((await api(`/api/durable/terminate/${id}`, { method: 'POST' })).status).toBe(202);
    await waitStatus(id, 'Terminated');
    expect((await startViaClient('sequence', [5], id)).status).toBe(202);
    expect(await waitStatus(id, 'Completed')).toMatchObject({ output: [10], input: [5] });
  });

  it('answers the client clearly for unknown instances and unknown orchestrators', async () => {
    const raise = await api('/api/durable/raise/nope-404/ev', { method: 'POST', body: '1' });
    expect(((await raise.json()) as { error: string }).error).toContain(
      "No instance with ID 'nope-404' found",
    );
    const status = await api('/api/durable/status/nope-404');
    expect(((await status.json()) as { error: string }).error).toContain('HTTP 404');
    const start = await startViaClient('noSuchOrchestrator', null);
    const { error } = (await start.json()) as { error: string };
    expect(error).toContain('400');
    expect(error).toContain("The function 'noSuchOrchestrator' doesn't exist");
  });

  it('refuses rewind clearly', async () => {
    const id = unique('rewind');
    await startViaClient('throws', null, id);
    await waitStatus(id, 'Failed');
    const res = await api(`/api/durable/rewind/${id}`, { method: 'POST' });
    expect(((await res.json()) as { error: string }).error).toContain(
      'not supported by the local host',
    );
  });

  it('lists instances by status and pages with continuation tokens', async () => {
    const from = new Date(Date.now() - 1000).toISOString();
    const ids = [unique('list-a'), unique('list-b'), unique('list-c')];
    for (const id of ids) await startViaClient('sequence', [1], id);
    for (const id of ids) await waitStatus(id, 'Completed');
    const listed = (await (
      await api(`/api/durable/list?status=Completed&from=${from}`)
    ).json()) as Status[];
    expect(listed.map((s) => s.instanceId)).toEqual(expect.arrayContaining(ids));
    expect(listed.every((s) => s.runtimeStatus === 'Completed')).toBe(true);
    // The RPC endpoint pages; the client follows the x-ms-continuation-token header.
    const page = await api(`/durabletask/instances/?runtimeStatus=Completed&top=2`);
    expect(((await page.json()) as unknown[]).length).toBe(2);
    const token = page.headers.get('x-ms-continuation-token');
    expect(token).toBeTruthy();
    const next = await api(`/durabletask/instances/?runtimeStatus=Completed&top=2`, {
      headers: { 'x-ms-continuation-token': token ?? '' },
    });
    expect(((await next.json()) as unknown[]).length).toBeGreaterThan(0);
  });

  // winshift's dry-run purge (src/app/purge-plans.ts): getStatusBy with createdTimeTo and the ended
  // statuses, then purgeInstanceHistory of each.
  it('lists ended instances created before a time (createdTimeTo), as the dry-run purge asks', async () => {
    const older = [unique('to-a'), unique('to-b')];
    for (const id of older) await startViaClient('sequence', [1], id);
    for (const id of older) await waitStatus(id, 'Completed');
    const running = unique('to-running');
    await startViaClient('waitForever', null, running);
    await waitStatus(running, 'Running');
    await new Promise((r) => setTimeout(r, 20));
    const to = new Date().toISOString();
    await new Promise((r) => setTimeout(r, 20));
    const newer = unique('to-c');
    await startViaClient('sequence', [1], newer);
    await waitStatus(newer, 'Completed');
    const listed = (await (
      await api(`/api/durable/list?status=Completed,Failed,Terminated,Canceled&to=${to}`)
    ).json()) as Status[];
    const ids = listed.map((s) => s.instanceId);
    expect(ids).toEqual(expect.arrayContaining(older));
    expect(ids).not.toContain(newer);
    expect(ids).not.toContain(running);
    for (const id of older) {
      const purged = await api(`/api/durable/purge/${id}`, { method: 'DELETE' });
      expect(await purged.json()).toEqual({ instancesDeleted: 1 });
    }
    await api(`/api/durable/terminate/${running}`, { method: 'POST' });
  });

  it('purges a finished instance, and finished instances by filter', async () => {
    const id = unique('purge');
    await startViaClient('sequence', [2], id);
    await waitStatus(id, 'Completed');
    const purged = await api(`/api/durable/purge/${id}`, { method: 'DELETE' });
    expect(await purged.json()).toEqual({ instancesDeleted: 1 });
    expect((await api(`/api/durable/status/${id}`)).status).toBe(500);
    const from = new Date().toISOString();
    const failed = [unique('pf-a'), unique('pf-b')];
    for (const f of failed) await startViaClient('throws', null, f);
    for (const f of failed) await waitStatus(f, 'Failed');
    const running = unique('pf-running');
    await startViaClient('waitForever', null, running);
    await waitStatus(running, 'Running');
    const byFilter = await api(`/api/durable/purge?status=Failed,Running&from=${from}`, {
      method: 'DELETE',
    });
    expect(await byFilter.json()).toEqual({ instancesDeleted: 2 });
    expect((await clientStatus(running)).runtimeStatus).toBe('Running');
  });

  it('guards the webhooks with the system key', async () => {
    const res = await api('/runtime/webhooks/durabletask/instances/x?taskHub=ClientHub');
    expect(res.status).toBe(401);
    const wrong = await api('/runtime/webhooks/durabletask/instances/x?code=wrong');
    expect(wrong.status).toBe(401);
    const ok = await api(`/runtime/webhooks/durabletask/instances/x?code=${host.keys.master}`);
    expect(ok.status).toBe(404);
  });

  it('starts through the webhook creation URL with the system key', async () => {
    const res = await api(
      `/runtime/webhooks/durabletask/orchestrators/sequence?code=${host.keys.master}`,
      {
        method: 'POST',
        body: JSON.stringify([4]),
      },
    );
    expect(res.status).toBe(202);
    const { id } = (await res.json()) as { id: string };
    expect(await waitStatus(id, 'Completed')).toMatchObject({ output: [8] });
    // createAndWaitOnNewInstancePostUri: waits for the output when it comes in time.
    const waited = await api(
      `/runtime/webhooks/durabletask/orchestrators/sequence?timeout=10&pollingInterval=0.05&code=${host.keys.master}`,
      { method: 'POST', body: JSON.stringify([7]) },
    );
    expect(waited.status).toBe(200);
    expect(await waited.json()).toEqual([14]);
  });
});
