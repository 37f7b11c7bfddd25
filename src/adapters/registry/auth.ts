/**
 * Registry tokens for the distribution token protocol. An ACR answers 401 with a Bearer challenge
 * and wants the Entra exchange: an Entra access token (ACR audience, AcrPull on the registry, or
 * Container Registry Repository Reader in ABAC mode) -> `POST /oauth2/exchange` -> ACR refresh
 * token -> `POST /oauth2/token` for `repository:<r>:pull`.
 * Other registries with a Bearer challenge (Docker Hub) hand out anonymous pull tokens from the realm.
 * A realm is asked only on the registry's own domain (registry-policy.ts `realmProblem`, ADR 0012),
 * and an ACR's refresh token goes only to the ACR itself: a realm elsewhere is REGISTRY_REFUSED
 * before any credential is fetched or sent.
 */
import type { TokenCredential } from '@azure/core-auth';
import { WinshiftError } from '../../domain/errors.js';
import { hostnameOf, realmProblem } from '../../domain/registry-policy.js';
import { isAcrHost, type BearerChallenge } from './challenge.js';
import { responseError } from './errors.js';
import type { RegistryResponse, RegistrySend } from './http.js';

/**
 * The ACR audience, not ARM's: a registry whose `azureADAuthenticationAsArmPolicy` is `disabled`
 * refuses ARM-audience tokens, and an ACR-audience token "works with both registry configurations"
 * (docs "Configure registry acceptance of Microsoft Entra authentication scopes",
 * container-registry-disable-authentication-as-arm). `https://<registry>.azurecr.io` is not an
 * audience Entra ID or ACR supports, per the same page.
 */
export const ACR_ENTRA_SCOPE = 'https://containerregistry.azure.net/.default';

export interface TokenSource {
  /** A bearer token for pulling `repository` from `host`, answering `challenge`. */
  pullToken(host: string, repository: string, challenge: BearerChallenge): Promise<string>;
}

function field(response: RegistryResponse, name: string, what: string): string {
  let value: unknown;
  try {
    value = (JSON.parse(response.bodyText) as Record<string, unknown>)[name];
  } catch {
    value = undefined;
  }
  if (typeof value !== 'string' || value === '') {
    throw new WinshiftError('UNAUTHORIZED', `registry: ${what} returned no ${name}`);
  }
  return value;
}

function sameHost(url: string, host: string): boolean {
  return URL.parse(url)?.hostname.toLowerCase() === hostnameOf(host);
}

export function createTokenSource(send: RegistrySend, credential: TokenCredential): TokenSource {
  async function acrToken(
    host: string,
    repository: string,
    challenge: BearerChallenge,
  ): Promise<string> {
    if (!sameHost(challenge.realm, host)) {
      throw new WinshiftError(
        'REGISTRY_REFUSED',
        `registry ${host}: an Azure Container Registry's token realm must be the registry itself, not ${URL.parse(challenge.realm)?.hostname ?? 'another host'}`,
      );
    }
    const service = challenge.service ?? host;
    const entra = await credential.getToken(ACR_ENTRA_SCOPE);
    if (!entra)
      throw new WinshiftError('UNAUTHORIZED', `registry ${host}: no Entra token for the exchange`);
    const exchanged = await send(`https://${host}/oauth2/exchange`, {
      method: 'POST',
      form: { grant_type: 'access_token', service, access_token: entra.token },
    });
    if (exchanged.status !== 200) throw responseError(exchanged, `the token exchange of ${host}`);
    const refreshToken = field(exchanged, 'refresh_token', `the token exchange of ${host}`);
    const issued = await send(challenge.realm, {
      method: 'POST',
      form: {
        grant_type: 'refresh_token',
        service,
        scope: `repository:${repository}:pull`,
        refresh_token: refreshToken,
      },
    });
    if (issued.status !== 200) throw responseError(issued, `the token endpoint of ${host}`);
    return field(issued, 'access_token', `the token endpoint of ${host}`);
  }

  async function anonymousToken(
    host: string,
    repository: string,
    challenge: BearerChallenge,
  ): Promise<string> {
    const url = new URL(challenge.realm);
    if (challenge.service) url.searchParams.set('service', challenge.service);
    url.searchParams.set('scope', `repository:${repository}:pull`);
    const response = await send(url.toString());
    if (response.status !== 200)
      throw responseError(response, `the anonymous token endpoint of ${host}`);
    try {
      return field(response, 'token', `the anonymous token endpoint of ${host}`);
    } catch {
      return field(response, 'access_token', `the anonymous token endpoint of ${host}`);
    }
  }

  return {
    pullToken: (host, repository, challenge) => {
      const problem = realmProblem(host, challenge.realm);
      if (problem !== undefined)
        return Promise.reject(
          new WinshiftError('REGISTRY_REFUSED', `registry ${host}: ${problem}`),
        );
      return isAcrHost(host)
        ? acrToken(host, repository, challenge)
        : anonymousToken(host, repository, challenge);
    },
  };
}
