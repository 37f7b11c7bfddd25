import type { EmulatorContext } from './context.js';
import type { SandboxRequest, SandboxResponse } from './http.js';

export interface RouteContext {
  readonly request: SandboxRequest;
  readonly params: Readonly<Record<string, string>>;
  readonly emulator: EmulatorContext;
  /** An armed `lroFailed` fault for this call (LRO routes only). */
  readonly lroFailure?: { readonly code: string; readonly message: string } | undefined;
}

export interface Route {
  readonly method: string;
  /** Azure's operation id (`AgentPools_CreateOrUpdate`): what faults and the record name. */
  readonly operationId: string;
  /**
   * Path template with `{param}` segments; `{scope}` matches any number of segments (ARM scopes),
   * `{name+}` too (registry repositories).
   */
  readonly template: string;
  /** Whether the operation is long-running (an `lroFailed` fault applies to it). */
  readonly lro?: boolean;
  /** Whether `api-version` is required and checked (ARM and Key Vault, not registries). */
  readonly apiVersioned?: boolean;
  readonly handle: (context: RouteContext) => SandboxResponse | Promise<SandboxResponse>;
}

interface CompiledRoute {
  readonly route: Route;
  readonly pattern: RegExp;
  readonly names: readonly string[];
}

function compile(route: Route): CompiledRoute {
  const names: string[] = [];
  const source = route.template
    .split(/(\{[^}]+\})/)
    .map((part) => {
      const match = /^\{([^}+]+)(\+?)\}$/.exec(part);
      if (!match?.[1]) return part.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
      names.push(match[1]);
      return match[1] === 'scope' || match[2] === '+' ? '(.*?)' : '([^/]+)';
    })
    .join('');
  // ARM paths are case-insensitive (resourceGroups vs resourcegroups).
  return { route, names, pattern: new RegExp(`^${source}/?$`, 'i') };
}

/** Matches a request to the first route whose method and template fit. */
export class Router {
  readonly #routes: CompiledRoute[];

  constructor(routes: readonly Route[]) {
    this.#routes = routes.map(compile);
  }

  match(
    method: string,
    path: string,
  ): { route: Route; params: Record<string, string> } | undefined {
    for (const compiled of this.#routes) {
      if (compiled.route.method !== method) continue;
      const found = compiled.pattern.exec(path);
      if (!found) continue;
      const params: Record<string, string> = {};
      compiled.names.forEach((name, index) => {
        params[name] = decodeURIComponent(found[index + 1] ?? '');
      });
      return { route: compiled.route, params };
    }
    return undefined;
  }

  /** Whether any route serves the path with another method (405 vs 404). */
  knowsPath(path: string): boolean {
    return this.#routes.some((compiled) => compiled.pattern.test(path));
  }
}
