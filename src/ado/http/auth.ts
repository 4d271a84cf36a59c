/**
 * Credentials, kept out of the transport so the same gateway runs in the CLI (PAT or pipeline token from the
 * environment) and in the extension (a token from the Azure DevOps SDK, refreshed on demand).
 *
 * The shape matches azure-devops-extension-api's `IAuthorizationTokenProvider`, so an SDK-backed provider
 * can be passed as is.
 */
import { AdoError } from "./errors";

export interface AuthProvider {
  /** The full `Authorization` header value. `forceRefresh` is set after a 401, to get a fresh token. */
  getAuthorizationHeader(forceRefresh?: boolean): Promise<string>;
  /** One sentence telling the admin how to get working credentials, appended to authentication errors. */
  renewalHint?: string;
  /** False when asking again cannot give a different token (a PAT), so a 401 is not retried. */
  refreshable?: boolean;
}

export const PAT_ENV = "AZURE_DEVOPS_EXT_PAT";
export const BEARER_ENV = "SYSTEM_ACCESSTOKEN";

/** `btoa` exists in browsers and in Node >= 16; PATs are ASCII, which is all `btoa` needs. */
function base64(text: string): string {
  return btoa(text);
}

/**
 * Basic auth with an empty user name and the PAT as password, exactly as `az devops` does
 * (`BasicAuthentication('', pat)`) (https://learn.microsoft.com/azure/devops/integrate/get-started/authentication/authentication-guidance, https://github.com/Azure/azure-devops-cli-extension services.py): `abc123pat` -> `Basic OmFiYzEyM3BhdA==`.
 */
export function patAuth(pat: string, renewalHint?: string): AuthProvider {
  const value = typeof pat === "string" ? pat.trim() : "";
  if (value === "") throw new AdoError("usage", "The personal access token is empty");
  if (/[^\x21-\x7e]/.test(value))
    throw new AdoError("usage", "The personal access token contains characters a PAT never has (spaces or non-ASCII); check the value");
  const header = `Basic ${base64(`:${value}`)}`;
  return {
    getAuthorizationHeader: async () => header,
    refreshable: false,
    renewalHint: renewalHint ?? `Create a new PAT (User settings > Personal access tokens) with the scopes this tool needs and put it in ${PAT_ENV}.`,
  };
}

/**
 * Bearer auth (Azure Pipelines' System.AccessToken, an Entra token, or the extension's token). `token` may be
 * a function so a provider can fetch a fresh token when the service answers 401.
 */
export function bearerAuth(token: string | ((forceRefresh: boolean) => Promise<string>), renewalHint?: string): AuthProvider {
  if (typeof token === "string" && token.trim() === "") throw new AdoError("usage", "The bearer token is empty");
  const fixed = typeof token === "string" ? token.trim() : undefined;
  return {
    getAuthorizationHeader: async (forceRefresh = false) => {
      const value = fixed ?? (await (token as (forceRefresh: boolean) => Promise<string>)(forceRefresh));
      return `Bearer ${value}`;
    },
    refreshable: fixed === undefined,
    renewalHint:
      renewalHint ?? `Use a fresh token: in a pipeline map ${BEARER_ENV} from $(System.AccessToken) in the step's env, or set ${PAT_ENV} to a PAT.`,
  };
}

export type Environment = Record<string, string | undefined>;

/** `AZURE_DEVOPS_EXT_PAT` (as `az devops`), else `SYSTEM_ACCESSTOKEN` (as Azure Pipelines). Never a CLI argument. */
export function credentialsFromEnv(env: Environment): AuthProvider {
  const pat = env[PAT_ENV]?.trim();
  if (pat) return patAuth(pat);
  const bearer = env[BEARER_ENV]?.trim();
  if (bearer) return bearerAuth(bearer);
  throw new AdoError(
    "usage",
    `No credentials: set ${PAT_ENV} to a personal access token (as for az devops), or, in Azure Pipelines, map ${BEARER_ENV} from $(System.AccessToken) in the step's env.`,
  );
}
