import { describe, expect, it } from '@jest/globals';
import {
  exactPatchOperations,
  jsonPointer,
} from '../../../../src/adapters/kubernetes/exact-patch.js';

const IIS19 = 'mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2019';
const IIS22 = 'mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022';
const ANNOTATION = 'winshift.io/original';
const TERM = {
  matchExpressions: [{ key: 'kubernetes.io/os', operator: 'In', values: ['windows'] }],
};
const NODE_AFFINITY = {
  requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [TERM] },
};
const POD_ANTI = { preferredDuringSchedulingIgnoredDuringExecution: [] };

/** A DaemonSet as the API serves it, its pod template spec replaced by `podSpec`. */
function daemonSet(podSpec: Record<string, unknown>, annotations?: Record<string, string>) {
  return {
    metadata: { name: 'agent', ...(annotations ? { annotations } : {}) },
    spec: {
      updateStrategy: { type: 'OnDelete', rollingUpdate: { maxUnavailable: 1 } },
      template: {
        spec: {
          ...podSpec,
          initContainers: [{ name: 'setup', image: 'setup:2022' }],
          containers: [
            { name: 'sidecar', image: 'log:1' },
            { name: 'web', image: IIS22 },
          ],
        },
      },
    },
  };
}

const at = (field: string): string => `/spec/template/spec/${field}`;

describe('exactPatchOperations', () => {
  it.each<[string, Record<string, unknown>, Record<string, unknown>, unknown[]]>([
    [
      'a nodeSelector left with one key goes whole, an empty one is removed',
      { nodeSelector: { 'kubernetes.azure.com/os-sku': '' } },
      { nodeSelector: null },
      [
        { op: 'test', path: at('nodeSelector'), value: { 'kubernetes.azure.com/os-sku': '' } },
        { op: 'remove', path: at('nodeSelector') },
      ],
    ],
    [
      'a nodeSelector where there was none is added',
      {},
      { nodeSelector: { agentpool: 'win19' } },
      [{ op: 'add', path: at('nodeSelector'), value: { agentpool: 'win19' } }],
    ],
    [
      'an affinity left empty is removed',
      { affinity: {} },
      { nodeAffinity: null },
      [
        { op: 'test', path: at('affinity'), value: {} },
        { op: 'remove', path: at('affinity') },
      ],
    ],
    [
      'node affinity replaced whole, pod anti-affinity kept',
      { affinity: { podAntiAffinity: POD_ANTI, nodeAffinity: { preferred: [] } } },
      { nodeAffinity: NODE_AFFINITY },
      [
        {
          op: 'test',
          path: at('affinity'),
          value: { podAntiAffinity: POD_ANTI, nodeAffinity: { preferred: [] } },
        },
        {
          op: 'replace',
          path: at('affinity'),
          value: { podAntiAffinity: POD_ANTI, nodeAffinity: NODE_AFFINITY },
        },
      ],
    ],
    [
      'a RuntimeClass removed',
      { runtimeClassName: 'windows-2022' },
      { runtimeClassName: null },
      [
        { op: 'test', path: at('runtimeClassName'), value: 'windows-2022' },
        { op: 'remove', path: at('runtimeClassName') },
      ],
    ],
    [
      'nothing when every field already is as asked',
      { nodeSelector: { a: 'b' } },
      { nodeSelector: { a: 'b' }, nodeAffinity: null, runtimeClassName: null },
      [],
    ],
  ])('%s', (_name, podSpec, fields, ops) => {
    expect(exactPatchOperations(daemonSet(podSpec), fields)).toEqual(ops);
  });

  it('replaces images by container name, guarded by the name at that index', () => {
    const ops = exactPatchOperations(daemonSet({}), {
      containers: { web: IIS19, missing: 'x' },
      initContainers: { setup: 'setup:2019' },
    });
    expect(ops).toEqual([
      { op: 'test', path: at('containers/1/name'), value: 'web' },
      { op: 'test', path: at('containers/1/image'), value: IIS22 },
      { op: 'replace', path: at('containers/1/image'), value: IIS19 },
      { op: 'test', path: at('initContainers/0/name'), value: 'setup' },
      { op: 'test', path: at('initContainers/0/image'), value: 'setup:2022' },
      { op: 'replace', path: at('initContainers/0/image'), value: 'setup:2019' },
    ]);
  });

  it('sets the update strategy type only, and removes an annotation with its escaped path', () => {
    const object = daemonSet({}, { [ANNOTATION]: '{"runId":"r1"}', note: 'x' });
    expect(
      exactPatchOperations(object, {
        updateStrategy: 'RollingUpdate',
        annotations: { [ANNOTATION]: null, absent: null },
      }),
    ).toEqual([
      { op: 'test', path: '/spec/updateStrategy/type', value: 'OnDelete' },
      { op: 'replace', path: '/spec/updateStrategy/type', value: 'RollingUpdate' },
      { op: 'test', path: '/metadata/annotations/winshift.io~1original', value: '{"runId":"r1"}' },
      { op: 'remove', path: '/metadata/annotations/winshift.io~1original' },
    ]);
  });

  it('escapes ~ and / in pointers (RFC 6901)', () => {
    expect(jsonPointer('metadata', 'annotations', 'a~b/c')).toBe('/metadata/annotations/a~0b~1c');
  });
});
