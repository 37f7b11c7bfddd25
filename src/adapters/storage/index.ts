// The storage adapters: Azure Table storage (Azurite locally).
export { createTableUpgradeStore, TableUpgradeStore } from './upgrade-store.js';
export { createTableFleetReportStore } from './fleet-report-store.js';
export { createTablePoolEventLog } from './fleet-event-log.js';
export { createTableClusterLocks } from './cluster-locks.js';
export {
  tableClientFactory,
  expandConnectionString,
  type TableClientFactory,
} from './connection.js';
export { createTableAuditLog, TableAuditLog, auditKeyClock } from './audit-log.js';
