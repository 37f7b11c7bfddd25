import type { FunctionsCoreStandIn } from '../functions-core/stand-in.js';
import { triggerOf } from '../functions-core/types.js';
import type { HostExtension } from '../host-extension.js';
import type { HttpFunction } from './http-functions.js';

export interface FunctionListing {
  name: string;
  /** `GET,POST http://127.0.0.1:7071/api/hello/{name}`, a webhook URL, or a next occurrence. */
  description: string;
}

export interface ListingSources {
  core: FunctionsCoreStandIn;
  origin: string;
  routePrefix: string;
  extensions: HostExtension[];
  http: HttpFunction[];
  isDisabled: (name: string) => boolean;
}

/** The functions as `func start` prints them: HTTP routes with methods, the others by trigger. */
export function describeFunctions(sources: ListingSources): FunctionListing[] {
  return [...sources.core.registrations.values()].map((registration) => {
    const name = registration.metadata.name;
    if (sources.isDisabled(name)) return { name, description: 'disabled' };
    const http = sources.http.find((fn) => fn.registration === registration);
    if (http) {
      const prefix = sources.routePrefix ? `/${sources.routePrefix}` : '';
      const methods = http.methods?.join(',') ?? 'all methods';
      return {
        name,
        description: `[${methods}] ${sources.origin}${prefix}/${http.route.template}`,
      };
    }
    for (const extension of sources.extensions) {
      const description = extension.describeFunction?.(registration);
      if (description) return { name, description };
    }
    return { name, description: triggerOf(registration).type };
  });
}
