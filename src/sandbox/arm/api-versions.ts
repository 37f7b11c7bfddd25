/**
 * api-versions accepted per resource provider: what the installed SDKs send (checked in their
 * packages) and the versions of the example payloads. Anything else gets ARM's 400, so an SDK
 * upgrade that changes versions is noticed here first.
 */
export const ACCEPTED_API_VERSIONS: Readonly<Record<string, readonly string[]>> = {
  // @azure/arm-containerservice 25.5.0 sends 2026-06-01; examples are 2026-08-01.
  'microsoft.containerservice': ['2026-06-01', '2026-08-01'],
  // @azure/arm-compute 25.1.1 sends 2026-04-01 for scale sets and usages, 2021-07-01 for resource
  // SKUs; examples are 2026-03-01 (scale sets, usages) and 2021-07-01 (SKUs).
  'microsoft.compute': ['2021-07-01', '2026-03-01', '2026-04-01'],
  // No Network SDK: winshift's raw subnet GET and the SubnetGet example use 2024-05-01.
  'microsoft.network': ['2024-05-01'],
  // @azure/arm-msi 2.2.0 sends 2024-11-30; example is 2026-05-31.
  'microsoft.managedidentity': ['2023-01-31', '2024-11-30', '2026-05-31'],
  // @azure/arm-authorization 9.0.0 sends 2022-04-01 for role assignments; examples 2022-04-01 / 2026-08-01.
  'microsoft.authorization': ['2022-04-01', '2026-08-01'],
  // winshift's own reads (adapters/azure/container-registry.ts) and the examples: 2025-11-01.
  'microsoft.containerregistry': ['2025-11-01'],
  // @azure/arm-keyvault 5.0.0 sends 2026-02-01.
  'microsoft.keyvault': ['2026-02-01'],
  // Key Vault data plane: @azure/keyvault-secrets 4.12.0 sends 2026-04-01; older SDKs 7.x.
  'keyvault-data': ['7.4', '7.5', '7.6', '2025-07-01', '2026-04-01'],
};

/** The provider namespace of an ARM path (the last `/providers/<ns>/` segment). */
export function providerOf(path: string): string | undefined {
  const matches = [...path.matchAll(/\/providers\/([^/]+)/gi)];
  return matches.at(-1)?.[1]?.toLowerCase();
}
