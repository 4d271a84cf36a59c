/**
 * Starts the extension's side of the Azure DevOps host handshake, with the timeout the SDK lacks:
 * SDK.init() never resolves or rejects when the host does not answer (azure-devops-extension-sdk's esm/SDK.js waits for the host's handshake reply without a timeout), which
 * would leave an admin staring at a blank page.
 */
import * as SDK from "azure-devops-extension-sdk";

/** What a hub needs to know about where it runs, read once the handshake is complete. */
export interface HubContext {
  contributionId: string;
  user: { id: string; name: string; displayName: string; descriptor: string };
  /** The organization (Azure DevOps "host" of type Organization). */
  organization: { id: string; name: string };
  extension: { id: string; publisherId: string; extensionId: string; version: string };
  /** The project the page is shown in; absent on organization-level pages. */
  project?: { id: string; name: string };
}

/** The subset of the SDK this module uses, so tests can drive it through a fake host. */
export type SdkApi = Pick<typeof SDK, "init" | "getUser" | "getHost" | "getExtensionContext" | "getContributionId" | "getWebContext">;

export const DEFAULT_HANDSHAKE_TIMEOUT_MS = 15000;

export class HostHandshakeError extends Error {
  override readonly name = "HostHandshakeError";
}

export interface InitSdkOptions {
  timeoutMs?: number;
  sdk?: SdkApi;
}

export async function initSdk(options: InitSdkOptions = {}): Promise<HubContext> {
  const sdk = options.sdk ?? SDK;
  const timeoutMs = options.timeoutMs ?? DEFAULT_HANDSHAKE_TIMEOUT_MS;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new HostHandshakeError(handshakeTimeoutMessage(timeoutMs))), timeoutMs);
  });
  try {
    // loaded:false: the hub reports success itself once its first view is on screen.
    await Promise.race([sdk.init({ loaded: false, applyTheme: true }), timeout]);
  } finally {
    clearTimeout(timer);
  }
  return readHubContext(sdk);
}

export function handshakeTimeoutMessage(timeoutMs: number): string {
  const duration = timeoutMs >= 1000 ? `${Math.round(timeoutMs / 1000)} s` : `${timeoutMs} ms`;
  return (
    `The Azure DevOps page hosting this extension did not answer within ${duration}. ` +
    "Open it from Organization settings or Project settings in Azure DevOps (or through the local development host), " +
    "not as a page of its own, and reload."
  );
}

function readHubContext(sdk: SdkApi): HubContext {
  let user: ReturnType<SdkApi["getUser"]>;
  try {
    user = sdk.getUser();
  } catch {
    // The SDK resolves init() on a handshake reply without a usable context, then throws a misleading
    // "before init() was complete" here (esm/SDK.js).
    throw new HostHandshakeError("The Azure DevOps host answered the handshake without a user or organization context.");
  }
  const host = sdk.getHost();
  const extension = sdk.getExtensionContext();
  const web = safeWebContext(sdk);
  return {
    contributionId: sdk.getContributionId(),
    user: { id: user.id, name: user.name, displayName: user.displayName, descriptor: user.descriptor },
    organization: { id: host.id, name: host.name },
    extension: {
      id: extension.id,
      publisherId: extension.publisherId,
      extensionId: extension.extensionId,
      version: extension.version,
    },
    project: web?.project?.id ? { id: web.project.id, name: web.project.name } : undefined,
  };
}

function safeWebContext(sdk: SdkApi): ReturnType<SdkApi["getWebContext"]> | undefined {
  try {
    return sdk.getWebContext();
  } catch {
    // No pageContext in the handshake (allowed): the page has no project.
    return undefined;
  }
}
