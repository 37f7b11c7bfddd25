/**
 * The Durable boundary's contracts, one module per boundary: names (names.ts), the upgrade
 * orchestration's input (request.ts), its output, custom status and batch sub-orchestration
 * (upgrade.ts), the upgrade activities (upgrade-activities.ts) and the fleet scan (fleet.ts).
 */
export * from './names.js';
export * from './shapes.js';
export * from './request.js';
export * from './upgrade-activities.js';
export * from './upgrade.js';
export * from './fleet.js';
export { checkContract } from './check.js';
