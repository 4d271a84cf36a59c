/**
 * Where the Azure DevOps credentials may go. The hosts the gateway talks to come partly from the organization
 * itself (its resource areas name the Graph, Identities and entitlements hosts), so a hostile or misconfigured
 * answer could point a request carrying the PAT or token anywhere. Credentials are sent only:
 * - over https, or plain http to a loopback address (the emulator and local test servers);
 * - to the organization's own host (the `--org` base URL's host and port), or to a host of Azure DevOps'
 *   service family: dev.azure.com, vssps.dev.azure.com, vsaex.dev.azure.com and *.visualstudio.com (which
 *   includes the *.vssps.visualstudio.com and *.vsaex.visualstudio.com hosts of older organizations), the hosts
 *   https://learn.microsoft.com/azure/devops/organizations/security/allow-list-ip-url lists for the service.
 */

/** Says why credentials may not go to `url`, or undefined when they may. */
export type CredentialPolicy = (url: URL) => string | undefined;

const SERVICE_HOSTS = new Set(["dev.azure.com", "vssps.dev.azure.com", "vsaex.dev.azure.com"]);

export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  return host === "localhost" || host === "[::1]" || /^127(\.\d{1,3}){3}$/.test(host);
}

function isServiceHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, "");
  return SERVICE_HOSTS.has(host) || host.endsWith(".visualstudio.com");
}

/** The policy for an organization whose base URL is `organizationUrl`. */
export function credentialPolicyFor(organizationUrl: string): CredentialPolicy {
  const own = new URL(organizationUrl);
  return (url) => {
    const secure = url.protocol === "https:" || (url.protocol === "http:" && isLoopbackHost(url.hostname));
    if (!secure) {
      return `Refusing to send the Azure DevOps credentials over plain ${url.protocol.replace(/:$/, "")} to ${url.host}: use an https URL.`;
    }
    const sameHost = url.host.toLowerCase() === own.host.toLowerCase() && url.protocol === own.protocol;
    if (sameHost || (url.protocol === "https:" && isServiceHost(url.hostname))) return undefined;
    return (
      `Refusing to send the Azure DevOps credentials to ${url.host}: it is neither the organization's host (${own.host}) ` +
      "nor an Azure DevOps service host. Check --org, or the organization's resource areas."
    );
  };
}
