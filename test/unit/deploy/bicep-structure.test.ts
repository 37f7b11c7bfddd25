import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  INFRA_DIR,
  declarationsOf,
  firstObject,
  objectEntries,
  readBicep,
  type BicepFile,
} from '../../support/deploy/bicep.js';

const FILES = ['main.bicep', 'app/resources.bicep', 'app/target-subscription.bicep'];
const files = FILES.map((name) => [name, readBicep(path.join(INFRA_DIR, name))] as const);
const bicep = (name: string): BicepFile => files.find(([n]) => n === name)![1];

/** Resources whose names are global or per-resource-group and so carry the uniqueString token. */
const TOKEN_NAMED = [
  'Microsoft.ManagedIdentity/userAssignedIdentities',
  'Microsoft.Storage/storageAccounts',
  'Microsoft.OperationalInsights/workspaces',
  'Microsoft.Insights/components',
  'Microsoft.DurableTask/schedulers',
  'Microsoft.Web/serverfarms',
  'Microsoft.Web/sites',
];

interface ResourceInfo {
  file: string;
  name: string;
  type: string;
  apiVersion: string;
  body: Map<string, string>;
}

const resources: ResourceInfo[] = files.flatMap(([file, parsed]) =>
  declarationsOf(parsed, 'resource').map((r) => {
    const [type, apiVersion] = r.type.replace(/\s+existing$/, '').split('@') as [string, string];
    return { file, name: r.name, type, apiVersion, body: objectEntries(firstObject(r.value)) };
  }),
);

describe.each(files)('%s', (_name, file) => {
  it.each(declarationsOf(file, 'param').map((p) => p.name))('uses param %s', (param) => {
    const uses = file.code.match(new RegExp(`\\b${param}\\b`, 'g')) ?? [];
    expect(uses.length).toBeGreaterThan(1);
  });

  it.each(declarationsOf(file, 'var').map((v) => v.name))('uses var %s', (name) => {
    const uses = file.code.match(new RegExp(`\\b${name}\\b`, 'g')) ?? [];
    expect(uses.length).toBeGreaterThan(1);
  });

  it('has balanced brackets and parses every declaration', () => {
    expect(file.declarations.length).toBeGreaterThan(0);
    for (const declaration of file.declarations) {
      if (declaration.kind === 'resource' || declaration.kind === 'module') {
        expect(() => firstObject(declaration.value)).not.toThrow();
      }
    }
  });
});

describe('resources', () => {
  it.each(resources.map((r) => [`${r.file}: ${r.name}`, r] as const))(
    '%s has a valid type and api version',
    (_l, r) => {
      expect(r.type).toMatch(/^Microsoft\.[A-Za-z]+\/[A-Za-z/]+$/);
      expect(r.apiVersion).toMatch(/^\d{4}-\d{2}-\d{2}(-preview)?$/);
    },
  );

  it.each(resources.map((r) => [`${r.file}: ${r.name}`, r] as const))(
    '%s has a deterministic name',
    (_l, r) => {
      const name = r.body.get('name');
      expect(name).toBeDefined();
      expect(name).not.toMatch(/newGuid|utcNow/);
      if (TOKEN_NAMED.includes(r.type)) expect(name).toMatch(/resourceToken/);
    },
  );

  const rbac = resources.filter((r) => r.type.startsWith('Microsoft.Authorization/role'));
  it.each(rbac.map((r) => [`${r.file}: ${r.name}`, r] as const))(
    '%s is named by guid() of its scope, principal and role',
    (_l, r) => {
      expect(r.body.get('name')).toMatch(/^guid\(/);
    },
  );

  const assignments = rbac.filter((r) => r.type === 'Microsoft.Authorization/roleAssignments');
  it.each(assignments.map((r) => [`${r.file}: ${r.name}`, r] as const))(
    '%s assigns to a service principal',
    (_l, r) => {
      const properties = objectEntries(r.body.get('properties')!);
      expect(properties.get('principalType')).toBe("'ServicePrincipal'");
      expect(r.body.get('name')).toMatch(/principalId|identity\.id/);
    },
  );

  it('keeps shared keys off the storage account', () => {
    const storage = resources.find((r) => r.type === 'Microsoft.Storage/storageAccounts')!;
    expect(objectEntries(storage.body.get('properties')!).get('allowSharedKeyAccess')).toBe(
      'false',
    );
  });

  it('runs the app on Flex Consumption with Node 22 by default and the user-assigned identity', () => {
    const plan = resources.find((r) => r.type === 'Microsoft.Web/serverfarms')!;
    expect(objectEntries(plan.body.get('sku')!).get('tier')).toBe("'FlexConsumption'");
    const site = resources.find((r) => r.type === 'Microsoft.Web/sites')!;
    expect(objectEntries(site.body.get('identity')!).get('type')).toBe("'UserAssigned'");
    const main = declarationsOf(bicep('main.bicep'), 'param').find(
      (p) => p.name === 'nodeVersion',
    )!;
    expect(main.value).toBe("'22'");
    expect(bicep('main.bicep').code).toMatch(/@allowed\(\['22', '24'\]\)\s*param nodeVersion /);
  });

  it('constrains role assignment writes with an ABAC condition', () => {
    const target = bicep('app/target-subscription.bicep');
    const operator = resources.find((r) => r.name === 'operatorAssignment')!;
    const properties = objectEntries(operator.body.get('properties')!);
    expect(properties.get('conditionVersion')).toBe("'2.0'");
    const condition = declarationsOf(target, 'var')
      .map((v) => v.value)
      .join('\n');
    expect(condition).toContain(
      "ActionMatches{\\'Microsoft.Authorization/roleAssignments/write\\'}",
    );
    expect(condition).toContain('ForAnyOfAnyValues:GuidEquals {${grantableRoles}}');
    expect(condition).toContain("StringEqualsIgnoreCase {\\'ServicePrincipal\\'}");
  });
});

describe('modules', () => {
  const modules = files.flatMap(([file, parsed]) =>
    declarationsOf(parsed, 'module').map((m) => ({
      file,
      name: m.name,
      target: m.type,
      value: m.value,
    })),
  );

  it.each(modules.map((m) => [`${m.file}: ${m.name}`, m] as const))(
    '%s passes exactly the target params',
    (_l, m) => {
      const target = readBicep(path.join(INFRA_DIR, path.dirname(m.file), m.target));
      const params = declarationsOf(target, 'param');
      const passed = [...objectEntries(objectEntries(firstObject(m.value)).get('params')!).keys()];
      const required = params.filter((p) => p.value === '').map((p) => p.name);
      expect(required.filter((p) => !passed.includes(p))).toEqual([]);
      expect(passed.filter((p) => !params.some((d) => d.name === p))).toEqual([]);
    },
  );
});

describe('main.parameters.json', () => {
  const parameters = JSON.parse(
    readFileSync(path.join(INFRA_DIR, 'main.parameters.json'), 'utf8'),
  ) as {
    parameters: Record<string, unknown>;
  };
  const params = declarationsOf(bicep('main.bicep'), 'param');

  it('names only params of main.bicep', () => {
    const unknown = Object.keys(parameters.parameters).filter(
      (k) => !params.some((p) => p.name === k),
    );
    expect(unknown).toEqual([]);
  });

  it('supplies every param without a default', () => {
    const missing = params.filter((p) => p.value === '' && !(p.name in parameters.parameters));
    expect(missing.map((p) => p.name)).toEqual([]);
  });
});

describe('the postdeploy hook', () => {
  const hook = readFileSync(path.join(INFRA_DIR, 'hooks', 'eventgrid-subscriptions.sh'), 'utf8');
  const outputs = declarationsOf(bicep('main.bicep'), 'output').map((o) => o.name);

  it('reads only outputs main.bicep writes into the azd environment', () => {
    const required = [...hook.matchAll(/^\s*require (\w+)/gm)].map((m) => m[1]!);
    expect(required.length).toBeGreaterThan(0);
    expect(required.filter((name) => !outputs.includes(name))).toEqual([]);
  });

  it('is the postdeploy hook of azure.yaml', () => {
    const azureYaml = readFileSync(path.join(INFRA_DIR, '..', 'azure.yaml'), 'utf8');
    expect(azureYaml).toMatch(
      /postdeploy:[\s\S]*run: bash infra\/hooks\/eventgrid-subscriptions\.sh/,
    );
  });
});
