/**
 * JSON over HTTPS to the sandbox's real host names (login.microsoftonline.com,
 * management.azure.com) through the host map and CA (DESIGN 3b), or to the real hosts when no map
 * is given: the local host's App Service Authentication reads the issuer's keys with it, and
 * `npm run token` asks the sandbox for a token.
 */
import https from 'node:https';
import { readFileSync } from 'node:fs';
import { createHostMapAgent, parseHostMapSetting } from '../../adapters/connect/index.js';

export type JsonRequest = (
  url: string,
  init?: { readonly method?: 'GET' | 'POST'; readonly body?: unknown },
) => Promise<unknown>;

/** A JSON client over the sandbox's host map and CA (the WINSHIFT_SANDBOX_* settings), if given. */
export function sandboxJsonClient(settings: {
  readonly hostMap?: string | undefined;
  readonly caFile?: string | undefined;
}): JsonRequest {
  const agent =
    settings.hostMap && settings.caFile
      ? createHostMapAgent({
          hostMap: parseHostMapSetting(settings.hostMap).hostMap,
          caPem: readFileSync(settings.caFile, 'utf8'),
          keepAlive: false,
        })
      : undefined;
  return (url, init = {}) =>
    new Promise((resolve, reject) => {
      const payload = init.body === undefined ? undefined : JSON.stringify(init.body);
      const request = https.request(
        url,
        {
          method: init.method ?? 'GET',
          ...(agent ? { agent } : {}),
          headers: {
            accept: 'application/json',
            ...(payload ? { 'content-type': 'application/json' } : {}),
          },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            if ((response.statusCode ?? 0) >= 400) {
              reject(
                new Error(`${init.method ?? 'GET'} ${url}: HTTP ${response.statusCode}: ${text}`),
              );
              return;
            }
            try {
              resolve(JSON.parse(text) as unknown);
            } catch {
              reject(new Error(`${url}: the answer is not JSON`));
            }
          });
        },
      );
      request.on('error', reject);
      request.end(payload);
    });
}
