// The preflight's Azure answers in winshift's terms, from the official example payloads.
import { describe, expect, it } from '@jest/globals';
import type { ResourceSku } from '@azure/arm-compute';
import {
  toAgentPoolVersions,
  toSubnetInfo,
  toVmSizeInfo,
} from '../../../../src/adapters/azure/map-preflight.js';
import { errorCodeOf } from '../../../../src/domain/errors.js';
import { exampleBody } from '../../../support/examples.js';

describe('preflight mapping', () => {
  const skus = exampleBody('compute/ListAvailableResourceSkusForARegion.json')[
    'value'
  ] as ResourceSku[];

  it('finds a VM size of the SKU list by name (any case), with family and vCPUs', () => {
    const found = skus.map((sku) => toVmSizeInfo(sku, 'standard_a1'));
    expect(found).toEqual([
      undefined,
      { name: 'Standard_A1', family: 'standardA0_A7Family', vCpus: 1 },
    ]);
  });

  it('skips other resource types and sizes without a vCPUs capability', () => {
    const [sku] = skus;
    expect(toVmSizeInfo({ ...sku, resourceType: 'disks' }, 'Standard_A0')).toBeUndefined();
    expect(toVmSizeInfo({ ...sku, capabilities: [] }, 'Standard_A0')).toBeUndefined();
  });

  it('reads a subnet: its prefix, or prefixes, and the IP configurations using it', () => {
    const example = exampleBody('network/SubnetGet.json');
    expect(toSubnetInfo(example)).toEqual({
      id: '/subscriptions/subid/resourceGroups/subnet-test/providers/Microsoft.Network/virtualNetworks/vnetname/subnets/subnet1',
      addressPrefixes: ['10.0.0.0/16'],
      usedIpConfigurations: 0,
    });
    const dual = {
      ...example,
      properties: {
        addressPrefixes: ['10.0.0.0/24', 'fd00::/64'],
        ipConfigurations: [{ id: 'a' }, { id: 'b' }],
      },
    };
    expect(toSubnetInfo(dual)).toMatchObject({
      addressPrefixes: ['10.0.0.0/24', 'fd00::/64'],
      usedIpConfigurations: 2,
    });
  });

  it('refuses a subnet without an address prefix (INTERNAL: ARM answered something else)', () => {
    expect(() => toSubnetInfo({ id: '/x', properties: {} })).toThrow('without an address prefix');
    const thrown = ((): unknown => {
      try {
        return toSubnetInfo({});
      } catch (error) {
        return error;
      }
    })();
    expect(errorCodeOf(thrown)).toBe('INTERNAL');
  });

  it('keeps the offered versions and their preview flag', () => {
    const example = exampleBody('containerservice/AgentPoolsGetAgentPoolAvailableVersions.json');
    const properties = example['properties'] as { agentPoolVersions: object[] };
    expect(toAgentPoolVersions({ agentPoolVersions: properties.agentPoolVersions })).toEqual([
      { version: '1.12.7' },
      { version: '1.12.8' },
      { version: '1.13.5', isPreview: true },
    ]);
  });
});
