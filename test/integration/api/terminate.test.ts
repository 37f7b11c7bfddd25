// Issue 12 item 17 through the real local host and sandbox: an upgrade stuck waiting for its new
// pool (provisioning that does not finish) is terminated without rollback; its row records
// Terminated and what it left, and what it left is really there.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ownControlPlane, stopOwnControlPlane } from '../../support/own-control-plane.js';
import { randomBytes } from 'node:crypto';
import { upgradeInstanceId } from '../../../src/app/ids.js';
import {
  DEFAULT_SCENARIO_FILE,
  loadScenarioFile,
  startSandbox,
  type RunningSandbox,
} from '../../../src/sandbox/index.js';
import { productAppDir, startHostProcess, type HostProcess } from '../../support/host-process.js';
import { eventually } from '../../support/kube-service.js';

const REASON = 'quota request pending & ticket #42 at 100%';

interface Answer {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON of the API
}

afterAll(stopOwnControlPlane);

describe('terminating a stuck upgrade through the local host', () => {
  let sandbox: RunningSandbox;
  let host: HostProcess;
  let cluster: string;
  let id: string;
  beforeAll(async () => {
    const { kubeconfigPath } = await ownControlPlane();
    sandbox = await startSandbox({
      scenario: await loadScenarioFile(DEFAULT_SCENARIO_FILE),
      controlPlane: { kubeconfigPath },
      // The new pool stays Creating for the whole test: the run waits on it, as a real one
      // waits on a pool that cannot get its VMs.
      latency: { poolProvisioningMs: 600_000, lroRetryAfterSeconds: 1 },
    });
    cluster = sandbox.cluster('aks-payments').id;
    id = upgradeInstanceId(cluster, 'win19');
    host = await startHostProcess({
      appDir: productAppDir,
      settings: {
        ...sandbox.settings,
        WINSHIFT_TASK_HUB: `term${randomBytes(5).toString('hex')}`,
        WINSHIFT_POLL_INITIAL_SECONDS: '0.5',
        WINSHIFT_POLL_MAX_SECONDS: '1',
      },
    });
  }, 300_000); // may wait for the shared control plane's lease
  afterAll(async () => {
    await host?.stop();
    await sandbox?.stop();
  });

  async function api(path: string, body?: unknown): Promise<Answer> {
    const res = await fetch(`${host.origin}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { 'x-functions-key': host.keys.function, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, body: text === '' ? undefined : (JSON.parse(text) as unknown) };
  }

  /** The suite's poll, failing with the host's last output. */
  const until = <T>(what: string, probe: () => Promise<T | undefined>): Promise<T> =>
    eventually(what, probe, 120_000, 500).catch((error: unknown) => {
      throw new Error(`${String(error)}\n${host.output().slice(-4000)}`);
    });

  it('terminates the run where it waits and records what it left', async () => {
    const started = await api('/api/upgrades', {
      clusterResourceId: cluster,
      poolName: 'win19',
      // No pre-pull: a terminated run removes nothing, and its pullers would stay on the suite's
      // shared control plane.
      options: { newPoolName: 'w22t', prePull: false },
    });
    expect(started).toMatchObject({ status: 202, body: { id } });
    await until('the run waiting for its pool', async () => {
      const view = await api(`/api/upgrades/${id}`);
      const steps = (view.body?.status?.steps ?? []) as { name: string; state: string }[];
      return steps.some((s) => s.name === 'createPool' && s.state === 'running') ? true : undefined;
    });

    const answer = await api(`/api/upgrades/${id}/terminate`, { reason: `  ${REASON} ` });
    expect(answer.status).toBe(202);
    const lastError = {
      code: 'TERMINATED',
      message: expect.stringMatching(
        new RegExp(
          `^${REASON.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}; left: new pool w22t requested`,
        ),
      ),
    };
    expect(answer.body).toMatchObject({ id, state: 'Terminated', lastError });

    const view = await api(`/api/upgrades/${id}`);
    expect(view.body).toMatchObject({
      runtimeStatus: 'Terminated',
      record: { state: 'Terminated', lastError: answer.body.lastError },
    });
    // The Durable reason arrives whole (durable-functions puts it into the query unencoded).
    const durable = await fetch(`${host.origin}/durabletask/instances/${id}`);
    expect(((await durable.json()) as { output: unknown }).output).toBe(REASON);
    // Nothing was rolled back: the new pool the run asked for is still there.
    const pool = sandbox.arm.world.clusters.get(cluster.toLowerCase())?.pools.get('w22t');
    expect(pool).toBeDefined();

    const listed = await api('/api/upgrades?status=Terminated');
    expect(listed.body.items).toEqual([expect.objectContaining({ instanceId: id })]);
  });

  it('answers 409 for a run that is no longer running', async () => {
    const again = await api(`/api/upgrades/${id}/terminate`, { reason: 'again' });
    expect(again).toMatchObject({ status: 409, body: { runtimeStatus: 'Terminated' } });
  });

  it('only an explicit start runs the pool again; its 202 says what the last run left', async () => {
    // The pool the terminated run asked for is still there: that name is taken now.
    const taken = await api('/api/upgrades', {
      clusterResourceId: cluster,
      poolName: 'win19',
      options: { newPoolName: 'w22t' },
    });
    expect(taken).toMatchObject({ status: 409, body: { code: 'POOL_EXISTS' } });
    const again = await api('/api/upgrades', {
      clusterResourceId: cluster,
      poolName: 'win19',
      options: { prePull: false },
    });
    expect(again.status).toBe(202);
    expect(again.body.previousRun).toEqual({
      state: 'Terminated',
      lastError: { code: 'TERMINATED', message: expect.stringContaining(REASON) },
      endedAt: expect.any(String),
    });
  });
});
