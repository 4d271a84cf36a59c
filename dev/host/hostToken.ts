/** Which of a seed's credentials the local host hands the hubs as the signed-in administrator's token. */
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
