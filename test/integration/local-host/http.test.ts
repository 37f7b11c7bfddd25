import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startHostProcess, type HostProcess } from '../../support/host-process.js';

describe('local host: HTTP functions', () => {
  let host: HostProcess;
  beforeAll(async () => {
    host = await startHostProcess();
  });
  afterAll(async () => {
    await host.stop();
  });

  it('invokes an anonymous function with its route parameters and query', async () => {
    const res = await fetch(`${host.origin}/api/hello/ada?q=42`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ hello: 'ada', q: '42' });
  });

  it('lists the registered functions on the admin API with the master key only', async () => {
    const open = await fetch(`${host.origin}/admin/functions`);
    expect(open.status).toBe(401);
    const res = await fetch(`${host.origin}/admin/functions`, {
      headers: { 'x-functions-key': host.keys.master },
    });
    const names = ((await res.json()) as { name: string }[]).map((f) => f.name);
    expect(names).toEqual(expect.arrayContaining(['hello', 'double']));
  });
});
