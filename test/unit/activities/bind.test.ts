import { describe, expect, it } from '@jest/globals';
import { z } from 'zod';
import { bindActivity } from '../../../src/activities/shared/bind.js';
import type { ActivityLog } from '../../../src/activities/shared/log.js';

// The binding, with stand-in activities: what is checked, what is logged, what goes back.
const contract = {
  input: z.object({ instanceId: z.string(), count: z.int() }),
  output: z.object({ nodes: z.int().nonnegative() }),
};

function recordingLog(): ActivityLog & { lines: unknown[] } {
  const lines: unknown[] = [];
  return {
    lines,
    info: (message, fields) => lines.push({ level: 'info', message, ...fields }),
    warn: (message, fields) => lines.push({ level: 'warn', message, ...fields }),
  };
}

describe('bindActivity', () => {
  it('runs the activity with the checked input and returns its checked output', async () => {
    const seen: unknown[] = [];
    const handler = bindActivity(recordingLog(), 'cordonPool', contract, (input) => {
      seen.push(input);
      return Promise.resolve({ nodes: input.count });
    });
    await expect(handler({ instanceId: 'i', count: 3, extra: true })).resolves.toEqual({
      nodes: 3,
    });
    // Unknown fields are stripped before the activity sees the input.
    expect(seen).toEqual([{ instanceId: 'i', count: 3 }]);
  });

  it('refuses input that breaks the contract without running the activity', async () => {
    const log = recordingLog();
    let ran = false;
    const handler = bindActivity(log, 'cordonPool', contract, () => {
      ran = true;
      return Promise.resolve({ nodes: 0 });
    });
    await expect(handler({ instanceId: 'i', count: '3' })).rejects.toThrow(
      /^\[CONTRACT_MISMATCH\] cordonPool was given: count: /,
    );
    expect(ran).toBe(false);
    expect(log.lines).toEqual([
      {
        level: 'warn',
        message: 'activity cordonPool failed',
        step: 'cordonPool',
        instanceId: 'i',
        code: 'CONTRACT_MISMATCH',
      },
    ]);
  });

  it('refuses an output that breaks the contract (never hands a wrong shape to the orchestrator)', async () => {
    const handler = bindActivity(recordingLog(), 'cordonPool', contract, () =>
      Promise.resolve({ nodes: -1 }),
    );
    await expect(handler({ instanceId: 'i', count: 1 })).rejects.toThrow(
      /^\[CONTRACT_MISMATCH\] cordonPool returned: nodes: /,
    );
  });

  it('rethrows an activity failure with its code, logged without the payload', async () => {
    const log = recordingLog();
    const handler = bindActivity(log, 'cordonPool', contract, () =>
      Promise.reject(new Error('[PDB_BLOCKED] secret-looking payload')),
    );
    await expect(handler({ instanceId: 'i', count: 1 })).rejects.toThrow('[PDB_BLOCKED]');
    expect(JSON.stringify(log.lines)).not.toContain('payload');
    expect(log.lines).toEqual([expect.objectContaining({ code: 'PDB_BLOCKED' })]);
  });
});
