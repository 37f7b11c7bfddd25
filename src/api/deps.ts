/** What every API handler is given: the application, bound to this invocation's Durable client. */
import type { App } from '../app/index.js';

export type ApiDeps = App;

/** Builds the application for one invocation; throws INVALID_INPUT when the configuration is invalid. */
export type LoadApp = () => App;
