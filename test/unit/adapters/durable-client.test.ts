import { describe, expect, it } from '@jest/globals';
import type * as df from 'durable-functions';
import { durableOrchestrationClient } from '../../../src/adapters/durable-client.js';

describe('durableOrchestrationClient.terminate', () => {
  // durable-functions 3.5 writes `instances/{id}/terminate?reason=${reason}` without encoding it;
  // the local host's integration test (test/integration/api) reads the reason back whole.
  it('passes the reason URL-encoded, so `&`, `#` and `%` survive the query string', async () => {
    const calls: [string, string][] = [];
    const client = {
      terminate: (id: string, reason: string) => (calls.push([id, reason]), Promise.resolve()),
    } as unknown as df.DurableClient;
    await durableOrchestrationClient(client).terminate('upg-1', 'PDB & quota #2 at 100%');
    expect(calls).toEqual([['upg-1', 'PDB%20%26%20quota%20%232%20at%20100%25']]);
  });
});
