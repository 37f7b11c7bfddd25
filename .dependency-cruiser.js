// @ts-check
// winshift's layer rules (README "How it works": functions/ registrations over src/; a pure src/domain;
// src/ports implemented by src/adapters, the only production files that import the SDKs; src/app, the
// one path under src/api, src/fleet, src/events and src/cli; src/local and src/sandbox for development
// only). `npm run lint` cruises src, functions, test, bench and scripts: the layer rules look at src/
// and functions/ only; test/, bench/ and scripts/ are checked for cycles and unresolvable imports.
// Modelled on Sairyss/domain-driven-hexagon's .dependency-cruiser.js. Zero exceptions: a `pathNot`
// that lets an edge through says why in its rule's comment.

/** Every npm dependency type: a package, whichever section of package.json it comes from. */
const NPM = [
  'npm',
  'npm-dev',
  'npm-optional',
  'npm-peer',
  'npm-bundled',
  'npm-no-pkg',
  'npm-unknown',
];

/**
 * The Azure management/data SDKs, their core (credentials, pipeline, RestError) and the Kubernetes
 * client, as resolved (under node_modules/). @azure/functions is the Functions runtime, not an SDK.
 */
const SDK =
  '(^|/)node_modules/(@azure/(arm-|keyvault-|storage-|core-)[^/]+|@azure/(identity|data-tables)|@kubernetes/[^/]+)/';

/** The development runtimes: the local Functions + Durable host and the emulated AKS environment. */
const DEV_RUNTIMES = '^src/(local|sandbox)/';

/** @type {import('dependency-cruiser').IConfiguration} */
export default {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        'A module may not depend on itself through others, type-only imports included (a type cycle ' +
        'still ties the layers together and breaks as soon as one of the types gains a value). ' +
        'Break it by moving what both sides need into a module of its own, or inward (domain, ' +
        'ports, workflow contracts).',
      from: {},
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment:
        'An import that does not resolve to a file or an installed package would also slip past ' +
        'every path rule below; fix the path or install the package.',
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: 'domain-imports-only-domain',
      severity: 'error',
      comment:
        'src/domain holds pure functions and types: it depends on no other layer of winshift ' +
        '(ports, workflow, adapters, ... all depend on it, never the other way).',
      from: { path: '^src/domain/' },
      to: { pathNot: '^src/domain/', dependencyTypesNot: ['core', ...NPM] },
    },
    {
      name: 'domain-no-io-or-packages',
      severity: 'error',
      comment:
        'src/domain does no I/O and imports no SDK: no node: modules and no npm packages (none is ' +
        'needed today; a pure one such as zod would be allowed here by name, with its reason).',
      from: { path: '^src/domain/' },
      to: { dependencyTypes: ['core', ...NPM] },
    },
    {
      name: 'ports-import-only-domain',
      severity: 'error',
      comment:
        "src/ports are interfaces shaped around winshift's needs, in winshift's own types: they " +
        'import src/domain and each other, nothing else (no SDK types, no node: modules, no workflow ' +
        'or adapter modules).',
      from: { path: '^src/ports/' },
      to: { pathNot: '^src/(ports|domain)/' },
    },
    {
      name: 'workflow-not-to-outer-layers',
      severity: 'error',
      comment:
        'src/workflow (orchestrators and the Durable contracts) is deterministic and knows activities ' +
        'only by name: it never imports the activities, the adapters, the application layer or its ' +
        'callers, nor the wiring (composition.ts) or the settings (config.ts).',
      from: { path: '^src/workflow/' },
      to: {
        path: [
          '^src/(adapters|activities|app|api|fleet|events|cli)/',
          '^src/(composition|config)[.]ts$',
          '^functions/',
        ],
      },
    },
    {
      name: 'adapters-not-to-callers',
      severity: 'error',
      comment:
        'src/adapters implement src/ports and translate SDK types and errors; they never reach back ' +
        'into what uses them: workflow, activities, the application layer, its thin adapters ' +
        '(api, fleet, events, cli), the registrations (functions/) or the wiring (composition.ts).',
      from: { path: '^src/adapters/' },
      to: {
        path: [
          '^src/(workflow|activities|app|api|fleet|events|cli)/',
          '^src/composition[.]ts$',
          '^functions/',
        ],
      },
    },
    {
      name: 'app-not-to-edges',
      severity: 'error',
      comment:
        'src/app (plan, start, approve, cancel, list, audit) is the one path that the HTTP API, the ' +
        'fleet scan, Event Grid and the CLI call: it never imports them, nor the adapters (it gets ' +
        'ports) nor the registrations.',
      from: { path: '^src/app/' },
      to: { path: ['^src/(api|fleet|events|cli|adapters)/', '^functions/'] },
    },
    {
      name: 'edges-independent',
      severity: 'error',
      comment:
        'src/api, src/fleet, src/events and src/cli are thin adapters over src/app and never import ' +
        'each other: what two of them share belongs in src/app (or deeper).',
      from: { path: '^src/(api|fleet|events|cli)/' },
      to: { path: '^src/(api|fleet|events|cli)/', pathNot: '^src/$1/' },
    },
    {
      name: 'no-dev-runtime-in-production',
      severity: 'error',
      comment:
        'src/local (the local Functions + Durable host) and src/sandbox (the emulated AKS ' +
        'environment) are development runtimes, excluded from deployment: functions/ and the rest of ' +
        'src/ never import them (tests, bench and scripts may).',
      from: { path: '^(functions|src)/', pathNot: DEV_RUNTIMES },
      to: { path: DEV_RUNTIMES },
    },
    {
      name: 'functions-only-registrations',
      severity: 'error',
      comment:
        'functions/ holds registrations only: a handler parses input, calls into src/ and shapes the ' +
        'response. It imports @azure/functions, durable-functions, its siblings, src/composition.ts ' +
        'and the entry modules (top-level files) of app, api, workflow, fleet, events and activities ' +
        'plus the Durable boundary\'s names (src/workflow/contracts/index.ts); not their internals ' +
        '(subfolders), not config.ts (settings come through composition.ts), ' +
        'not adapters, ports or domain, no node: modules and no SDK.',
      from: { path: '^functions/' },
      to: {
        pathNot: [
          '^functions/',
          '^src/composition[.]ts$',
          '^src/(app|api|workflow|fleet|events|activities)/[^/]+[.]ts$',
          '^src/workflow/contracts/index[.]ts$',
          '(^|/)node_modules/(@azure/functions|durable-functions)/',
        ],
      },
    },
    {
      name: 'sdk-only-in-adapters',
      severity: 'error',
      comment:
        'In the production path only src/adapters import the Azure management/data SDKs and ' +
        '@kubernetes/*, translating their types and errors into winshift ones; the development ' +
        'runtimes (src/local, src/sandbox) use what they need. Tests, bench and scripts are not checked.',
      from: {
        path: '^(functions|src)/',
        // src/cli/sign-in.ts: the CLI runs on an operator's machine, not in the app, and signs
        // them in to winshift's API with @azure/identity (rule cli-sign-in-only-identity).
        pathNot: ['^src/(adapters|local|sandbox)/', '^src/cli/sign-in[.]ts$'],
      },
      to: { dependencyTypes: NPM, path: SDK },
    },
    {
      name: 'cli-sign-in-only-identity',
      severity: 'error',
      comment:
        "src/cli/sign-in.ts gets the operator's token for winshift's API (AzureCliCredential, " +
        'InteractiveBrowserCredential): @azure/identity is the one SDK it may import.',
      from: { path: '^src/cli/sign-in[.]ts$' },
      to: { dependencyTypes: NPM, path: SDK, pathNot: '(^|/)node_modules/@azure/identity/' },
    },
    {
      name: 'config-not-to-adapters',
      severity: 'error',
      comment:
        'src/config.ts loads and validates settings; building adapters from them is ' +
        "composition.ts's job, so config.ts never imports src/adapters.",
      from: { path: '^src/config[.]ts$' },
      to: { path: '^src/adapters/' },
    },
    {
      name: 'connect-stands-alone',
      severity: 'error',
      comment:
        'The connection mechanism (host map, CA, static token) serves the production adapters and ' +
        'the sandbox alike: it reaches only Node, the Azure core packages, the domain and its own ' +
        'folder, never the rest of the adapters or the sandbox (emulator state, TLS generation).',
      from: { path: '^src/adapters/connect/' },
      to: {
        pathNot: [
          '^src/adapters/connect/',
          '^src/domain/',
          '(^|/)node_modules/@azure/core-[^/]+/',
          '(^|/)node_modules/@types/node/',
        ],
        dependencyTypesNot: ['core'],
      },
    },
    {
      name: 'adapters-built-only-by-composition',
      severity: 'error',
      comment:
        'One place for each piece of wiring: src/composition.ts builds every adapter once (one ' +
        'credential, one transport); every other production module reaches them through ports. ' +
        'The development runtimes (src/local, src/sandbox) may use adapters to run the app.',
      from: {
        path: '^(functions|src)/',
        pathNot: ['^src/adapters/', '^src/composition[.]ts$', DEV_RUNTIMES],
      },
      to: { path: '^src/adapters/' },
    },
  ],
  options: {
    doNotFollow: { path: '(^|/)node_modules/' },
    // Type-only imports are dependencies too (for the cycle rule as much as for the layers).
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'types', 'default'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
  },
};
