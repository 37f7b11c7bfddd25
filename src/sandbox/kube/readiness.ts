import https from 'node:https';

export interface ApiTarget {
  readonly server: string;
  readonly caPem: string;
  readonly token: string;
}

/** One GET against the API server; resolves with the status code and body text. */
export function apiGet(target: ApiTarget, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = https.get(
      new URL(path, target.server),
      { ca: target.caPem, headers: { authorization: `Bearer ${target.token}` }, timeout: 5_000 },
      (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      },
    );
    request.on('timeout', () => request.destroy(new Error(`GET ${path} timed out`)));
    request.on('error', reject);
  });
}

/** Polls until `check` resolves true; rejects with `what` after the timeout or when `abort` rejects. */
export async function pollUntil(
  what: string,
  check: () => Promise<boolean>,
  timeoutInMs: number,
  abort: Promise<never>,
): Promise<void> {
  const deadline = Date.now() + timeoutInMs;
  let lastError = '';
  for (;;) {
    const ok = await Promise.race([
      check().catch((error: unknown) => {
        lastError = error instanceof Error ? error.message : String(error);
        return false;
      }),
      abort,
    ]);
    if (ok) return;
    if (Date.now() > deadline)
      throw new Error(`${what} not reached within ${timeoutInMs} ms ${lastError}`.trim());
    await Promise.race([new Promise((resolve) => setTimeout(resolve, 200)), abort]);
  }
}

/** True once /readyz answers 200. */
export async function apiReady(target: ApiTarget): Promise<boolean> {
  return (await apiGet(target, '/readyz')).status === 200;
}

/** True once the default service account has its token: the controllers run and pods can be made. */
export async function defaultServiceAccountReady(target: ApiTarget): Promise<boolean> {
  const sa = await apiGet(target, '/api/v1/namespaces/default/serviceaccounts/default');
  if (sa.status !== 200) return false;
  const parsed = JSON.parse(sa.body) as { secrets?: unknown[] };
  return (parsed.secrets?.length ?? 0) > 0;
}
