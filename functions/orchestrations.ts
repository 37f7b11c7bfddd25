// The upgrade's orchestrations (DESIGN section 2); the generators live in src/workflow.
import * as df from 'durable-functions';
import { ORCHESTRATOR } from '../src/workflow/contracts/index.js';
import { upgradeWindowsPool } from '../src/workflow/upgrade.js';
import { upgradeWorkloadBatch } from '../src/workflow/workload-batches.js';

df.app.orchestration(ORCHESTRATOR.upgrade, upgradeWindowsPool);
df.app.orchestration(ORCHESTRATOR.workloadBatch, upgradeWorkloadBatch);
