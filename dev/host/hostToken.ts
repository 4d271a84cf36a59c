/** Which of a seed's credentials the local host hands the hubs as the signed-in administrator's token. */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import type { OrgSeed } from "../../emulator";

/**
 * The extension's token acts as the admin who opens the page, so: a Bearer token (what the SDK returns),
 * usable (not expired, not refused anywhere), and not the audited service user's own.
 */
export function hostTokenFor(seed: OrgSeed): { token: string; identity: string } {
  const audited = (
    seed.expectedGapsFor ??
    seed.users.find((u) => u.principalName.toLowerCase().startsWith("svc-dbt"))?.principalName ??
    ""
  ).toLowerCase();
  const candidate = seed.tokens.find(
    (t) => t.kind === "bearer" && !t.expired && (t.denyAreas ?? []).length === 0 && t.identity.toLowerCase() !== audited,
  );
  if (!candidate) {
    throw new Error(`The seed for ${seed.organization.name} has no usable Bearer token for an administrator; add one to its "tokens".`);
  }
  return { token: candidate.token, identity: candidate.identity };
}

/** The OAuth scopes the extension's manifest (vss-extension.json) declares: what Azure DevOps puts in the hubs' token. */
export function manifestScopes(rootDir: string): string[] {
  const manifest = JSON.parse(readFileSync(path.join(rootDir, "vss-extension.json"), "utf8")) as { scopes?: unknown };
  if (!Array.isArray(manifest.scopes) || manifest.scopes.some((scope) => typeof scope !== "string")) {
    throw new Error("vss-extension.json has no list of scopes");
  }
  return manifest.scopes as string[];
}

/**
 * A copy of the seed with the token the hubs get from the SDK: issued to the administrator `hostTokenFor` picks,
 * carrying exactly `scopes`, so every call a hub makes is checked against the manifest like the service checks it.
 */
export function withExtensionToken(seed: OrgSeed, scopes: string[]): { seed: OrgSeed; token: string; identity: string } {
  const { token: adminToken, identity } = hostTokenFor(seed);
  const token = `${adminToken}.extension`;
  return { seed: { ...seed, tokens: [...seed.tokens, { token, identity, kind: "bearer", scopes }] }, token, identity };
}
