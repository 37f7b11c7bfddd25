/** The CLI's I/O over a fake HTTP API: answers by `METHOD /path` (404 otherwise), records requests. */
export function fakeApi(
  responses: Record<string, () => Response>,
  env: Record<string, string> = { WINSHIFT_FUNCTION_KEY: 'key1' },
) {
  const out: string[] = [];
  const err: string[] = [];
  const requests: {
    method: string;
    url: string;
    key: string | null;
    authorization: string | null;
    accept: string | null;
    body?: string;
  }[] = [];
  const fetchFake: typeof fetch = (input, init) => {
    const url = input instanceof Request ? input.url : input.toString();
    const method = init?.method ?? 'GET';
    const headers = new Headers(init?.headers);
    requests.push({
      method,
      url,
      key: headers.get('x-functions-key'),
      authorization: headers.get('authorization'),
      accept: headers.get('accept'),
      ...(typeof init?.body === 'string' ? { body: init.body } : {}),
    });
    const handler = responses[`${method} ${new URL(url).pathname}`];
    return Promise.resolve(handler ? handler() : new Response('nope', { status: 404 }));
  };
  return {
    out,
    err,
    requests,
    io: {
      stdout: { write: (t: string) => void out.push(t) },
      stderr: { write: (t: string) => void err.push(t) },
      env,
      fetch: fetchFake,
      sleep: () => Promise.resolve(),
    },
  };
}
