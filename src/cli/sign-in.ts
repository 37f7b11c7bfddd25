/**
 * The CLI's sign-in against winshift in Azure (WINSHIFT_AUTH=entra): an access token for the API's
 * scope `api://<client id>/.default`, from the Azure CLI's session (AzureCliCredential), else an
 * interactive browser sign-in (InteractiveBrowserCredential). Both sign in as the Azure CLI's
 * public client (04b07795-8ddb-461a-bbee-02f9e1bf7b46, @azure/identity's DeveloperSignOnClientId),
 * which the app registration pre-authorizes (infra/entra/create-app-registration.sh). The only CLI
 * module that may import @azure/identity (.dependency-cruiser.js: cli-sign-in-only-identity).
 */
import {
  AzureCliCredential,
  ChainedTokenCredential,
  InteractiveBrowserCredential,
} from '@azure/identity';

/** `api://<client id>/.default`: every app role the signed-in principal holds for the API. */
export function apiScope(clientId: string): string {
  return `api://${clientId}/.default`;
}

/** A token source for the API; each call returns a valid token (the credentials cache them). */
export function azureSignIn(clientId: string, tenantId?: string): () => Promise<string> {
  const tenant = tenantId ? { tenantId } : {};
  const credential = new ChainedTokenCredential(
    new AzureCliCredential(tenant),
    new InteractiveBrowserCredential(tenant),
  );
  const scope = apiScope(clientId);
  return async () => {
    const token = await credential.getToken(scope);
    if (!token) throw new Error(`no access token for ${scope}`);
    return token.token;
  };
}
