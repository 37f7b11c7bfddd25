// Issue 13 item 6: the new pool's Kubernetes version must be one AKS offers for new pools, at most the
// control plane's: the nearest offered patch of the same minor, or a blocker listing the offered ones.
import { describe, expect, it } from '@jest/globals';
import { decidePoolVersion } from '../../../src/domain/pool-version.js';
import type { AgentPoolVersion, Readout } from '../../../src/domain/preflight-facts.js';

const offered = (...versions: string[]): Readout<AgentPoolVersion[]> => ({
  status: 'read',
  value: versions.map((v) =>
    v.endsWith('-preview')
      ? { version: v.replace('-preview', ''), isPreview: true }
      : { version: v },
  ),
});
const OFFER = offered('1.28.15', '1.29.7', '1.29.9', '1.29.12', '1.30.5', '1.30.6');

describe('decidePoolVersion', () => {
  it.each<[string, string | undefined, string, Readout<AgentPoolVersion[]>, string | undefined]>([
    ['an offered patch stays', '1.29.9', '1.30.6', OFFER, '1.29.9'],
    ['a minor without a patch stays when its minor is offered', '1.29', '1.30.6', OFFER, '1.29'],
    [
      'no orchestratorVersion: the control plane version is checked (offered)',
      undefined,
      '1.30.5',
      OFFER,
      undefined,
    ],
    [
      '1.29.2 withdrawn -> 1.29.12, the highest patch of 1.29',
      '1.29.2',
      '1.30.6',
      OFFER,
      '1.29.12',
    ],
    [
      'never above the control plane: 1.29.10 with a 1.29.10 control plane -> 1.29.9',
      '1.29.10',
      '1.29.10',
      OFFER,
      '1.29.9',
    ],
    [
      'a preview patch is not chosen for the user',
      '1.29.2',
      '1.30.6',
      offered('1.29.7', '1.29.13-preview', '1.30.6'),
      '1.29.7',
    ],
    [
      'an offered preview patch the pool already runs stays',
      '1.29.13',
      '1.30.6',
      offered('1.29.13-preview'),
      '1.29.13',
    ],
    [
      'no orchestratorVersion and the control plane patch withdrawn: set explicitly',
      undefined,
      '1.30.7',
      OFFER,
      '1.30.6',
    ],
  ])('%s', (_name, stated, controlPlane, versions, expected) => {
    const spec = stated === undefined ? { count: 2 } : { count: 2, orchestratorVersion: stated };
    const decision = decidePoolVersion(spec, controlPlane, versions, 'w22a');
    expect(decision.findings.blockers).toEqual([]);
    expect(decision.spec['orchestratorVersion']).toBe(expected);
  });

  it('says what it substituted, in a warning', () => {
    const decision = decidePoolVersion({ orchestratorVersion: '1.29.2' }, '1.30.6', OFFER, 'w22a');
    expect(decision.findings.warnings).toEqual([
      {
        code: 'KUBERNETES_VERSION_SUBSTITUTED',
        subject: 'pool w22a',
        message: expect.stringContaining(
          "1.29.2 (the old pool's orchestratorVersion) is no longer offered",
        ) as unknown as string,
      },
    ]);
    expect(decision.findings.warnings[0]?.message).toContain('the new pool gets 1.29.12');
    expect(decision.spec).toEqual({ orchestratorVersion: '1.29.12' });
  });

  it('blocks, listing the offered versions, when no patch of the minor is offered', () => {
    const decision = decidePoolVersion({ orchestratorVersion: '1.27.9' }, '1.30.6', OFFER, 'w22a');
    expect(decision.spec).toEqual({ orchestratorVersion: '1.27.9' });
    expect(decision.findings.warnings).toEqual([]);
    expect(decision.findings.blockers).toEqual([
      expect.objectContaining({ code: 'KUBERNETES_VERSION_UNAVAILABLE', subject: 'pool w22a' }),
    ]);
    expect(decision.findings.blockers[0]?.message).toContain(
      'offered: 1.28.15, 1.29.7, 1.29.9, 1.29.12, 1.30.5, 1.30.6',
    );
  });

  it('blocks when the only patches of the minor are above the control plane (or previews)', () => {
    const decision = decidePoolVersion(
      { orchestratorVersion: '1.31.1' },
      '1.31.1',
      offered('1.30.6', '1.31.4', '1.31.5-preview'),
      'w22a',
    );
    expect(decision.findings.blockers.map((b) => b.code)).toEqual([
      'KUBERNETES_VERSION_UNAVAILABLE',
    ]);
    expect(decision.findings.blockers[0]?.message).toContain('offered: 1.30.6');
  });

  it.each<[string, Readout<AgentPoolVersion[]>]>([
    ['refused', { status: 'unreadable', reason: '[FORBIDDEN] AuthorizationFailed' }],
    // A caller without the permission has been seen answered an empty list instead of a 403.
    ['answered with an empty list', offered()],
  ])('warns naming the permission when the list was %s', (_name, versions) => {
    const decision = decidePoolVersion(
      { orchestratorVersion: '1.29.2' },
      '1.30.6',
      versions,
      'w22a',
    );
    expect(decision.spec).toEqual({ orchestratorVersion: '1.29.2' });
    expect(decision.findings.blockers).toEqual([]);
    expect(decision.findings.warnings.map((w) => w.code)).toEqual(['PREFLIGHT_UNVERIFIED']);
    expect(decision.findings.warnings[0]?.message).toContain(
      'Microsoft.ContainerService/managedClusters/availableAgentPoolVersions/read',
    );
  });
});
