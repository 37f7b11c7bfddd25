import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash, randomBytes } from 'node:crypto';
import { startHostProcess, type HostProcess } from '../../support/host-process.js';

describe('local host: HTTP functions', () => {
  let host: HostProcess;
  beforeAll(async () => {
    host = await startHostProcess({ settings: { 'AzureWebJobs.switchedOff.Disabled': 'true' } });
  });
  afterAll(async () => {
    await host.stop();
  });

  const get = (path: string, init?: RequestInit): Promise<Response> =>
    fetch(`${host.origin}${path}`, init);

  it('invokes an anonymous function with its route parameters and query', async () => {
    const res = await get('/api/hello/ada?q=42');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ hello: 'ada', q: '42' });
  });

  it('passes method, catch-all parameter, repeated query values and headers', async () => {
    const res = await get('/api/inspect/a/b%20c?x=1&x=2&y=', {
      method: 'DELETE',
      headers: { 'x-custom': 'yes' },
    });
    expect(await res.json()).toMatchObject({
      method: 'DELETE',
      params: { rest: 'a/b c' },
      query: { x: '1,2', y: '' },
      custom: 'yes',
      size: 0,
    });
  });

  it('delivers JSON and text bodies', async () => {
    const json = await get('/api/json-echo', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ n: 1, list: ['a'] }),
    });
    expect(await json.json()).toEqual({ received: { n: 1, list: ['a'] } });
    const text = await get('/api/text-echo', { method: 'POST', body: 'héllo' });
    expect(await text.text()).toBe('HÉLLO');
  });

  it('delivers a large binary body byte for byte', async () => {
    const body = randomBytes(5 * 1024 * 1024);
    const res = await get('/api/inspect/upload', {
      method: 'PUT',
      headers: { 'content-type': 'application/octet-stream' },
      body,
    });
    expect(await res.json()).toMatchObject({
      size: body.length,
      sha256: createHash('sha256').update(body).digest('hex'),
      contentType: 'application/octet-stream',
    });
  });

  it.each([
    ['/api/items/new', 'literal', {}],
    ['/api/items/17', 'int', { id: '17' }],
    ['/api/items/abc', 'plain', { slug: 'abc' }],
    ['/api/files/report.pdf', 'complex', { name: 'report', ext: 'pdf' }],
    ['/api/optional/x', 'optional', { a: 'x' }],
    ['/api/optional/x/y', 'optional', { a: 'x', b: 'y' }],
    ['/api/ranged/3', 'range', { n: '3' }],
    ['/api/paged', 'default', { page: '1' }],
    ['/api/paged/4', 'default', { page: '4' }],
    ['/api/defaultRoute', undefined, undefined],
  ])('routes %s by template and precedence', async (path, route, params) => {
    const res = await get(path);
    expect(res.status).toBe(200);
    if (route === undefined) expect(await res.text()).toBe('by name');
    else expect(await res.json()).toEqual({ route, params });
  });

  it.each(['/api/ranged/9', '/api/files/report.7z', '/api/nowhere', '/api/items/1/2', '/other'])(
    'answers 404 when no route matches %s',
    async (path) => {
      expect((await get(path)).status).toBe(404);
    },
  );

  it('answers 404 for a known route with a method it does not accept, as the real host', async () => {
    const res = await get('/api/hello/ada', { method: 'POST', body: 'x' });
    expect(res.status).toBe(404);
  });

  it('requires the function or master key at authLevel function', async () => {
    expect((await get('/api/secure/function')).status).toBe(401);
    expect((await get('/api/secure/function?code=wrong')).status).toBe(401);
    const byQuery = await get(`/api/secure/function?code=${host.keys.function}`);
    expect(await byQuery.text()).toBe('function ok');
    const byHeader = await get('/api/secure/function', {
      headers: { 'x-functions-key': host.keys.master },
    });
    expect(byHeader.status).toBe(200);
  });

  it('requires the master key at authLevel admin', async () => {
    expect((await get(`/api/secure/admin?code=${host.keys.function}`)).status).toBe(401);
    const res = await get('/api/secure/admin', {
      headers: { 'x-functions-key': host.keys.master },
    });
    expect(await res.text()).toBe('admin ok');
  });

  it('returns the status, headers, cookies and JSON body the function set', async () => {
    const res = await get('/api/respond');
    expect(res.status).toBe(201);
    expect(res.headers.get('x-answer')).toBe('42');
    expect(res.headers.getSetCookie()).toEqual([
      'session=abc; max-age=60; path=/; samesite=strict; httponly',
    ]);
    expect(await res.json()).toEqual({ created: true });
  });

  it('answers 404 for a disabled function, except with the master key', async () => {
    expect((await get('/api/switched-off')).status).toBe(404);
    const admin = await get('/api/switched-off', {
      headers: { 'x-functions-key': host.keys.master },
    });
    expect(await admin.text()).toBe('on');
    expect(host.output()).toContain('switchedOff: disabled');
  });

  it('answers 200 with an empty body when the handler returns nothing, as the real host', async () => {
    const res = await get('/api/nothing');
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
  });

  it('answers 500 without details when the handler throws', async () => {
    const res = await get('/api/boom');
    expect(res.status).toBe(500);
    expect(await res.text()).toBe('');
    expect(host.output()).toContain('secret failure detail');
  });

  describe('admin API', () => {
    const admin = (path: string, init: RequestInit = {}): Promise<Response> =>
      get(path, { ...init, headers: { 'x-functions-key': host.keys.master, ...init.headers } });

    it('lists the registered functions with the master key only', async () => {
      expect((await get('/admin/functions')).status).toBe(401);
      expect((await get(`/admin/functions?code=${host.keys.function}`)).status).toBe(401);
      const list = (await (await admin('/admin/functions')).json()) as {
        name: string;
        invoke_url_template: string | null;
      }[];
      expect(list.map((f) => f.name)).toEqual(expect.arrayContaining(['hello', 'double', 'boom']));
      expect(list.find((f) => f.name === 'hello')?.invoke_url_template).toBe(
        `${host.origin}/api/hello/{name}`,
      );
    });

    it('describes one function and the host status', async () => {
      const one = (await (await admin('/admin/functions/hello')).json()) as {
        config: { bindings: { type: string }[] };
      };
      expect(one.config.bindings.map((b) => b.type)).toContain('httpTrigger');
      expect((await admin('/admin/functions/missing')).status).toBe(404);
      const status = (await (await admin('/admin/host/status')).json()) as { state: string };
      expect(status.state).toBe('Running');
    });

    it('refuses a manual invocation without a JSON object body or of an HTTP function', async () => {
      const post = (name: string, body: string): Promise<Response> =>
        admin(`/admin/functions/${name}`, { method: 'POST', body });
      expect((await post('gridEvents', 'not json')).status).toBe(400);
      expect((await post('gridEvents', '["input"]')).status).toBe(400);
      // The real host would accept this and fail in the background; the local host says so at once.
      expect((await post('hello', '{"input":""}')).status).toBe(400);
      const missing = await admin('/admin/functions/missing', {
        method: 'POST',
        body: '{"input":""}',
      });
      expect(missing.status).toBe(404);
    });
  });

  it('prints every function with its URL at start, as func start does', () => {
    expect(host.output()).toContain(`hello: [GET] ${host.origin}/api/hello/{name}`);
    expect(host.output()).toContain(`defaultRoute: [GET,POST] ${host.origin}/api/defaultRoute`);
  });
});
