import { createRequire } from 'node:module';
import type { FunctionsCoreStandIn } from './stand-in.js';

const require = createRequire(import.meta.url);
const Module = require('node:module') as {
  _load: (request: string, parent: unknown, isMain: boolean) => unknown;
};

const CORE_MODULE = '@azure/functions-core';
let installed: FunctionsCoreStandIn | undefined;

/**
 * Makes `require('@azure/functions-core')` return the stand-in, exactly as the Node.js worker does
 * for the real module. Call before anything imports `@azure/functions`: the package probes for the
 * core module at its first registration and stays in test mode for good if it is missing.
 */
export function installCoreStandIn(core: FunctionsCoreStandIn): void {
  if (installed) {
    if (installed === core) return;
    throw new Error('a different @azure/functions-core stand-in is already installed');
  }
  installed = core;
  const originalLoad = Module._load;
  Module._load = function load(request: string, parent: unknown, isMain: boolean): unknown {
    if (request === CORE_MODULE) return installed;
    return originalLoad.call(this, request, parent, isMain);
  };
}
