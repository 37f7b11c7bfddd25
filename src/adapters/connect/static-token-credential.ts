import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/core-auth';

/** The environment facts the credential checks; the caller reads them (config module) and passes them. */
export interface StaticTokenEnvironment {
  /** `WEBSITE_INSTANCE_ID`: set by App Service / Functions in Azure. */
  readonly websiteInstanceId?: string | undefined;
}

/** Options of {@link createStaticTokenCredential}. */
export interface StaticTokenCredentialOptions {
  /**
   * The bearer token presented for every scope (the sandbox reads `sandbox:<principalId>`); for an
   * ACR-audience scope it carries `;aud=<audience>` (see MARKED_AUDIENCES).
   */
  readonly token: string;
  readonly environment: StaticTokenEnvironment;
  /**
   * Tokens for particular audiences (`https://eventgrid.azure.net`), keyed by the scope without
   * `/.default`: the sandbox's Entra issuer signs these, and the endpoints that check an audience
   * read them. Every other scope gets `token`.
   */
  readonly audienceTokens?: Readonly<Record<string, string>>;
  /** Lifetime reported to the SDK (default one hour); the SDK refreshes before it ends. */
  readonly lifetimeInMs?: number;
}

/** Thrown when a static token is about to be used inside Azure. */
export class StaticTokenInAzureError extends Error {
  readonly code = 'STATIC_TOKEN_IN_AZURE';
  constructor() {
    super(
      '[STATIC_TOKEN_IN_AZURE] a static-token credential is for the local sandbox only and refuses to ' +
        'run where WEBSITE_INSTANCE_ID is set (Azure App Service / Functions)',
    );
    this.name = 'StaticTokenInAzureError';
  }
}

/**
 * Audiences whose tokens name them (`<token>;aud=<audience>`), so the sandbox can tell them from the
 * plain token every other scope gets: an ACR whose `azureADAuthenticationAsArmPolicy` is `disabled`
 * accepts only ACR-audience tokens (docs "Configure registry acceptance of Microsoft Entra
 * authentication scopes"), and the sandbox's ACR must see which one it was given.
 */
const MARKED_AUDIENCES = ['https://containerregistry.azure.net'];

function tokenFor(token: string, scopes: string | string[]): string {
  const scope = (Array.isArray(scopes) ? scopes[0] : scopes) ?? '';
  const audience = MARKED_AUDIENCES.find(
    (a) =>
      scope
        .toLowerCase()
        .replace(/\/\.default$/, '')
        .replace(/\/$/, '') === a,
  );
  return audience === undefined ? token : `${token};aud=${audience}`;
}

function inAzure(environment: StaticTokenEnvironment): boolean {
  return environment.websiteInstanceId !== undefined && environment.websiteInstanceId !== '';
}

/**
 * A `TokenCredential` returning one fixed token. It refuses to be built, and to hand out a token,
 * in Azure, so a sandbox setting that leaks into a deployment fails loudly instead of sending a
 * meaningless token to real endpoints.
 */
export function createStaticTokenCredential(
  options: StaticTokenCredentialOptions,
): TokenCredential {
  if (inAzure(options.environment)) throw new StaticTokenInAzureError();
  if (options.token === '') throw new Error('a static-token credential needs a non-empty token');
  const lifetimeInMs = options.lifetimeInMs ?? 60 * 60 * 1000;
  return {
    getToken(scopes: string | string[], _options?: GetTokenOptions): Promise<AccessToken> {
      if (inAzure(options.environment)) return Promise.reject(new StaticTokenInAzureError());
      const scope = (Array.isArray(scopes) ? scopes[0] : scopes) ?? '';
      const audience = scope.replace(/\/\.default$/, '');
      return Promise.resolve({
        token: options.audienceTokens?.[audience] ?? tokenFor(options.token, scopes),
        expiresOnTimestamp: Date.now() + lifetimeInMs,
        tokenType: 'Bearer',
      });
    },
  };
}
