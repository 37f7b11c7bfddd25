/**
 * Registries_List / Registries_Get in the shapes of the containerregistry 2025-11-01 examples, with
 * the scenario's switches in `roleAssignmentMode` and `azureADAuthenticationAsArmPolicy`; the
 * permissions API in the shape of PermissionGetResult.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHttpHeaders, createPipelineRequest } from '@azure/core-rest-pipeline';
import { startArmEmulator, type RunningArmEmulator } from '../../../src/sandbox/arm/start.js';
import { ScenarioBuilder } from '../../../src/sandbox/state/scenario-builder.js';
import { exampleBody, missingKeys } from '../../support/examples.js';

const SUB = '00000000-0000-4000-8000-0000000ace01';
const RG = 'rg-reg';
const ID = `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.ContainerRegistry/registries/shapes`;
const CALLER = '0c0c0c0c-0000-4000-8000-00000000ca11';

describe('ARM emulator: registries and the permissions API', () => {
  let sandbox: RunningArmEmulator;

  beforeAll(async () => {
    const scenario = new ScenarioBuilder(SUB)
      .resourceGroup(RG, 'northeurope')
      .registry({
        host: 'shapes.azurecr.io',
        auth: 'acr',
        resourceId: ID,
        roleAssignmentMode: 'AbacRepositoryPermissions',
        azureADAuthenticationAsArmPolicy: 'disabled',
        images: [],
      })
      .registry({ host: 'noarm.azurecr.io', auth: 'acr', images: [] })
      .roleAssignment({
        scope: `/subscriptions/${SUB}`,
        roleDefinitionId: 'acdd72a7-3385-48ef-bd42-f606fba81ae7',
        principalId: CALLER,
      })
      .build();
    sandbox = await startArmEmulator(scenario);
  });

  afterAll(async () => {
    await sandbox.stop();
  });

  async function get(path: string): Promise<{ status: number; body: Record<string, unknown> }> {
    const response = await sandbox.transport.httpClient.sendRequest(
      createPipelineRequest({
        url: `https://management.azure.com${path}`,
        headers: createHttpHeaders({ authorization: `Bearer sandbox:${CALLER}` }),
      }),
    );
    return {
      status: response.status,
      body: JSON.parse(response.bodyAsText ?? '{}') as Record<string, unknown>,
    };
  }

  it('lists only the registries with an ARM id, shaped like RegistryList.json', async () => {
    const { status, body } = await get(
      `/subscriptions/${SUB}/providers/Microsoft.ContainerRegistry/registries?api-version=2025-11-01`,
    );
    expect(status).toBe(200);
    expect(missingKeys(exampleBody('containerregistry/RegistryList.json'), body)).toEqual([]);
    expect((body['value'] as { id: string }[]).map((r) => r.id)).toEqual([ID]);
  });

  it('gets one shaped like RegistryGet.json, with its switches', async () => {
    const { status, body } = await get(`${ID}?api-version=2025-11-01`);
    expect(status).toBe(200);
    expect(missingKeys(exampleBody('containerregistry/RegistryGet.json'), body)).toEqual([]);
    expect(body).toMatchObject({
      location: 'northeurope',
      properties: {
        loginServer: 'shapes.azurecr.io',
        roleAssignmentMode: 'AbacRepositoryPermissions',
        policies: { azureADAuthenticationAsArmPolicy: { status: 'disabled' } },
      },
    });
    const missing = await get(
      `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.ContainerRegistry/registries/nope?api-version=2025-11-01`,
    );
    expect(missing.status).toBe(404);
  });

  it("answers the permissions API with the caller's roles at or above the scope", async () => {
    const { status, body } = await get(
      `${ID}/providers/Microsoft.Authorization/permissions?api-version=2022-04-01`,
    );
    expect(status).toBe(200);
    expect(body).toEqual({
      value: [{ actions: ['*/read'], notActions: [], dataActions: [], notDataActions: [] }],
    });
    const group = await get(
      `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Authorization/permissions?api-version=2022-04-01`,
    );
    expect(group.body['value']).toHaveLength(1);
    const elsewhere = await get(
      `/subscriptions/00000000-0000-4000-8000-0000000ace02/resourceGroups/x/providers/Microsoft.Authorization/permissions?api-version=2022-04-01`,
    );
    expect(elsewhere.body).toEqual({ value: [] });
  });
});
