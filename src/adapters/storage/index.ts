// The storage adapters: Azure Table storage (Azurite locally).
export { createTableUpgradeStore, TableUpgradeStore } from './upgrade-store.js';
export {
  tableClientFactory,
  expandConnectionString,
  type TableClientFactory,
} from './connection.js';
