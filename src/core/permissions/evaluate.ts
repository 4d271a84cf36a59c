/**
 * Effective permission of one identity for one bit on one token, with the reason, following the documented
 * rules (https://learn.microsoft.com/azure/devops/organizations/security/about-permissions, (https://learn.microsoft.com/azure/devops/organizations/security/about-permissions)):
 * - the checked token first, then each ancestor (closest first); the first level where any ACE of the
 *   identity or one of its groups sets the bit decides ("specificity trumps inheritance", rule 5);
 * - at that level a deny from any of them wins over an allow (rule 3);
 * - an ACL with `inheritPermissions: false` ends the walk after its own level (rule 6);
 * - nothing set = implicit deny, reported as `notSet` (rule 1);
 * - members of Project Collection Administrators keep what the administrators group's own ACEs allow even
 *   when a deny comes through another group (rule 4); a deny on the identity's own ACE, or on the
 *   administrators group's own ACE, still applies.
 */
import type { NamespaceKey } from "./catalogue";
import { normalizeDescriptor } from "./descriptors";
import { collectionAdminDescriptors, type ClosureEntry, type ClosureLookup } from "./closure";
import type { DecidingAce, PermissionResult } from "../audit/report";
import type { AccessControlEntry, AccessControlList, GroupInfo } from "../snapshot";
import { normalizeToken, tokenChain, trimToken } from "./tokens";

export interface IndexedAce {
  descriptor: string;
  /** Lower-cased descriptor. */
  key: string;
  allow: number;
  deny: number;
}

export interface IndexedAcl {
  token: string;
  inheritPermissions: boolean;
  aces: IndexedAce[];
}

/** One namespace's ACLs keyed by normalized token, built once and shared by every evaluation. */
/** ACLs by normalized token: a Map, or an index derived from another (see aclIndexFor). */
export interface TokenLookup {
  get(tokenKey: string): IndexedAcl | undefined;
}

export interface AclIndex {
  namespace: NamespaceKey;
  byToken: TokenLookup;
  /**
   * Keep every token chain computed with this index (see chainOf): for indexes the grant planner shares across
   * many audits of the same tokens. A single audit asks for a token's chain once per bit, one bit after another,
   * so it keeps only the last one and its memory does not grow with the organization.
   */
  retainChains?: boolean;
}

/**
 * Builds the lookup table of one namespace's ACLs. Two ACLs whose tokens differ only in case or a trailing
 * separator are the same object to the service, so they are merged: their ACEs OR-ed per descriptor, and
 * inheritance kept only if both kept it (the stricter reading of contradictory input).
 */
/** ACL indexes by the ACL list they were built from (see AuditOptions.aclIndexCache). */
export type AclIndexCache = WeakMap<readonly AccessControlList[], AclIndex>;

/**
 * A list simulateWrites (grant/simulate.ts) derived from another: the list it copied, and for each token it wrote
 * to (normalized), every ACL of the new list with that token. Lists are never changed once recorded.
 */
interface Derivation {
  base: readonly AccessControlList[];
  changed: ReadonlyMap<string, readonly AccessControlList[]>;
}

const derivations = new WeakMap<readonly AccessControlList[], Derivation>();

export function recordDerivedAcls(
  list: readonly AccessControlList[],
  base: readonly AccessControlList[],
  changed: ReadonlyMap<string, readonly AccessControlList[]>,
): void {
  derivations.set(list, { base, changed });
}

/**
 * The index of `list`, from `cache` when it has it. A list simulateWrites derived from another gets the other's
 * index with the written tokens laid over it: the grant planner simulates a few hundred writes on namespaces of
 * tens of thousands of ACLs, many times, and indexing them whole each time was most of its work.
 */
export function aclIndexFor(
  namespace: NamespaceKey,
  list: readonly AccessControlList[],
  cache: AclIndexCache | undefined,
  options: { retainChains?: boolean } = {},
): AclIndex {
  const cached = cache?.get(list);
  if (cached) return cached;
  const derivation = cache ? derivations.get(list) : undefined;
  const index = derivation
    ? overlaidIndex(aclIndexFor(namespace, derivation.base, cache, options), derivation.changed, options)
    : buildAclIndex(namespace, list, options);
  cache?.set(list, index);
  return index;
}

/** Reads its own entries first, then the base's: the index of a list that differs from the base's on `own`'s tokens only. */
class LayeredLookup implements TokenLookup {
  constructor(
    readonly own: ReadonlyMap<string, IndexedAcl>,
    readonly base: TokenLookup,
  ) {}

  get(tokenKey: string): IndexedAcl | undefined {
    return this.own.get(tokenKey) ?? this.base.get(tokenKey);
  }
}

function overlaidIndex(base: AclIndex, changed: ReadonlyMap<string, readonly AccessControlList[]>, options: { retainChains?: boolean }): AclIndex {
  // One layer at most: a derivation of a derivation takes its base's layer along.
  const lower = base.byToken instanceof LayeredLookup ? base.byToken : undefined;
  const own = new Map(lower?.own ?? []);
  for (const [tokenKey, acls] of changed) {
    const indexed = buildAclIndex(base.namespace, acls).byToken.get(tokenKey);
    if (indexed) own.set(tokenKey, indexed);
  }
  const index: AclIndex = {
    namespace: base.namespace,
    byToken: new LayeredLookup(own, lower?.base ?? base.byToken),
    retainChains: options.retainChains === true,
  };
  // A token's chain depends on the token alone: an overlay shares its base's chains.
  if (index.retainChains) {
    let chains = chainsOfIndex.get(base);
    if (!chains) chainsOfIndex.set(base, (chains = new Map()));
    chainsOfIndex.set(index, chains);
  }
  return index;
}

export function buildAclIndex(
  namespace: NamespaceKey,
  acls: readonly AccessControlList[],
  options: { retainChains?: boolean } = {},
): AclIndex & { byToken: Map<string, IndexedAcl> } {
  if (!Array.isArray(acls)) throw new Error(`ACLs of namespace ${namespace} must be an array`);
  const byToken = new Map<string, IndexedAcl>();
  const acesByToken = new Map<string, Map<string, IndexedAce>>();
  // One lower-cased key per descriptor, not one per entry: a group has an entry on thousands of tokens.
  const keys = new Map<string, string>();
  for (const acl of acls) {
    if (!acl || typeof acl.token !== "string") throw new Error(`An ACL of namespace ${namespace} has no token`);
    const tokenKey = normalizeToken(namespace, acl.token);
    let indexed = byToken.get(tokenKey);
    if (!indexed) {
      indexed = { token: trimToken(namespace, acl.token), inheritPermissions: acl.inheritPermissions !== false, aces: [] };
      byToken.set(tokenKey, indexed);
      acesByToken.set(tokenKey, new Map());
    } else if (acl.inheritPermissions === false) {
      indexed.inheritPermissions = false;
    }
    const aces: Record<string, AccessControlEntry | undefined> = acl.acesDictionary ?? {};
    for (const [dictionaryKey, ace] of Object.entries(aces)) {
      const descriptor = ace?.descriptor || dictionaryKey;
      let key = keys.get(descriptor);
      if (key === undefined) keys.set(descriptor, (key = normalizeDescriptor(descriptor)));
      // Absent fields mean 0 on the wire (https://learn.microsoft.com/rest/api/azure/devops/).
      const allow = ace?.allow ?? 0;
      const deny = ace?.deny ?? 0;
      const seen = acesByToken.get(tokenKey)!;
      const existing = seen.get(key);
      if (existing) {
        existing.allow |= allow;
        existing.deny |= deny;
      } else {
        const entry = { descriptor, key, allow, deny };
        seen.set(key, entry);
        indexed.aces.push(entry);
      }
    }
  }
  return { namespace, byToken, retainChains: options.retainChains === true };
}

export interface EvaluateInput {
  namespace: NamespaceKey;
  token: string;
  /** A single permission bit, e.g. 4 for GenericContribute. */
  bit: number;
  /** The namespace's ACLs, or their index from `buildAclIndex` (much faster when evaluating many tokens). */
  acls: readonly AccessControlList[] | AclIndex;
  closure: ClosureLookup;
  groups: readonly GroupInfo[];
  /** Lower-cased descriptors of Project Collection Administrators; computed from `groups` when absent. */
  collectionAdmins?: ReadonlySet<string>;
  /** Used in the reason, e.g. "Contribute"; defaults to "bit N". */
  permissionName?: string;
  /** Explain an allowed result (default true); without, it is `{ effective: "allow", reason: "", token }`. */
  explainAllowed?: boolean;
}

/** An ACE of a closure member that sets the checked bit. */
interface Match {
  entry: ClosureEntry;
  key: string;
  allows: boolean;
  denies: boolean;
}

interface Level {
  token: string;
  /** Index in the token chain: 0 is the checked token. */
  depth: number;
  matches: Match[];
}

interface Decision {
  effect: "allow" | "deny";
  level: Level;
  match: Match;
  /** Allows at the deciding level that a deny beat (for the reason). */
  beatenAllows: Match[];
}

export function evaluate(input: EvaluateInput): PermissionResult {
  const { namespace, token, bit, closure } = input;
  if (!Number.isInteger(bit) || bit <= 0 || bit > 0x80000000 || (bit & (bit - 1)) !== 0) {
    throw new Error(`Permission bit must be a single power of two, got ${bit}`);
  }
  const index = Array.isArray(input.acls) ? buildAclIndex(namespace, input.acls) : (input.acls as AclIndex);
  if (index.namespace !== namespace) throw new Error(`ACL index is for namespace ${index.namespace}, not ${namespace}`);
  const permission = input.permissionName ?? `bit ${bit}`;
  const { chain, keys } = chainOf(index, token);
  const checked = chain[0];

  // Walk the chain: `reachable` are the levels inheritance lets through, `cutOff` those beyond a break.
  const reachable: Level[] = [];
  const cutOff: Level[] = [];
  let brokenAt: string | undefined;
  for (let depth = 0; depth < chain.length; depth++) {
    const acl = index.byToken.get(keys[depth]);
    if (!acl) continue;
    let matches: Match[] | undefined;
    for (const ace of acl.aces) {
      if (((ace.allow | ace.deny) & bit) === 0) continue;
      const entry = closure.get(ace.key);
      if (!entry) continue;
      (matches ??= []).push({ entry, key: ace.key, allows: (ace.allow & bit) !== 0, denies: (ace.deny & bit) !== 0 });
    }
    // A level where nothing of the identity's sets the bit decides nothing and explains nothing: only its
    // inheritance flag counts.
    if (matches) (brokenAt === undefined ? reachable : cutOff).push({ token: chain[depth], depth, matches });
    if (brokenAt === undefined && !acl.inheritPermissions) brokenAt = chain[depth];
  }

  const admins = input.collectionAdmins ?? collectionAdminDescriptors(input.groups);
  const adminKeys = adminsInClosure(admins, closure);
  const isAdminMatch = (match: Match) => adminKeys.includes(match.key);

  const plain = decide(reachable, () => true);
  // Rule 4: with an administrators' own Allow in reach, only denies on the identity's own ACE or on the
  // administrators group's own ACE count.
  const adminAllowInReach = adminKeys.length > 0 && reachable.some((level) => level.matches.some((m) => m.allows && isAdminMatch(m)));
  const decision = adminAllowInReach ? decide(reachable, (m) => m.entry.self || isAdminMatch(m)) : plain;

  if (!decision) return notSet(permission, chain, brokenAt, cutOff);
  if (decision.effect === "allow" && input.explainAllowed === false) return { effective: "allow", reason: "", token: checked };

  const decidedBy = decidingAce(decision);
  const result: PermissionResult = { effective: decision.effect, reason: "", token: checked, decidedBy };
  // The main sentence, then any of the administrators' rule.
  const sentences: string[] = [];

  if (plain && plain.effect === "deny" && decision.effect === "allow") {
    const adminAllow = firstAdminAllow(reachable, isAdminMatch);
    sentences.push(
      `The ${ace(plain.match)} on ${plain.level.token} for ${plain.match.entry.name} does not apply: the identity is in ` +
        `${adminAllow.match.entry.name}, whose own Allow on ${adminAllow.level.token} keeps this permission (Project Collection Administrators rule).`,
    );
  } else if (decision.effect === "deny" && adminKeys.length > 0 && decision.match.entry.self) {
    sentences.push("Membership of Project Collection Administrators does not override a deny on the identity's own entry.");
  } else if (decision.effect === "deny" && adminKeys.length > 0 && !isAdminMatch(decision.match) && brokenAt !== undefined) {
    const lostAdminAllow = cutOff.find((level) => level.matches.some((m) => m.allows && isAdminMatch(m)));
    if (lostAdminAllow) {
      result.inheritanceBrokenAt = brokenAt;
      sentences.push(`The administrators' Allow on ${lostAdminAllow.token} would override it, but inheritance is switched off on ${brokenAt}.`);
    }
  }
  result.reason = [explain(permission, explanationOf(decision), checked), ...sentences].join(" ");
  return result;
}

/** What the main sentence needs of a decision. */
interface Explained {
  effect: "allow" | "deny";
  token: string;
  depth: number;
  entry: ClosureEntry;
  beatenAllows: Match[];
}

function explanationOf(decision: Decision): Explained {
  return {
    effect: decision.effect,
    token: decision.level.token,
    depth: decision.level.depth,
    entry: decision.match.entry,
    beatenAllows: decision.beatenAllows,
  };
}

interface TokenChain {
  chain: string[];
  /** The chain lower-cased, as `byToken` is keyed. */
  keys: string[];
}

/**
 * Token chains per index: an audit asks for each token several times (one per permission bit), and the grant
 * planner audits the same tokens in many simulated states that share indexes. Kept with the index, so they go
 * when it goes: all of them when the index says so, else the last one. Callers must not change the arrays.
 */
const chainsOfIndex = new WeakMap<AclIndex, Map<string, TokenChain>>();

/** The administrators' descriptors the closure holds, once per closure and administrator set (not once per cell). */
const adminsOfClosure = new WeakMap<ClosureLookup, { admins: ReadonlySet<string>; keys: string[] }>();

function adminsInClosure(admins: ReadonlySet<string>, closure: ClosureLookup): string[] {
  const known = adminsOfClosure.get(closure);
  if (known?.admins === admins) return known.keys;
  const keys = [...admins].filter((key) => closure.has(key));
  adminsOfClosure.set(closure, { admins, keys });
  return keys;
}
const lastChainOfIndex = new WeakMap<AclIndex, TokenChain & { token: string }>();

function chainOf(index: AclIndex, token: string): TokenChain {
  if (!index.retainChains) {
    const last = lastChainOfIndex.get(index);
    if (last?.token === token) return last;
    const chain = tokenChain(index.namespace, token);
    const found = { token, chain, keys: chain.map((link) => link.toLowerCase()) };
    lastChainOfIndex.set(index, found);
    return found;
  }
  let chains = chainsOfIndex.get(index);
  if (!chains) chainsOfIndex.set(index, (chains = new Map()));
  let found = chains.get(token);
  if (!found) {
    const chain = tokenChain(index.namespace, token);
    found = { chain, keys: chain.map((link) => link.toLowerCase()) };
    chains.set(token, found);
  }
  return found;
}

/** The first reachable level where a counted ACE sets the bit decides; a counted deny wins there. */
function decide(levels: Level[], counts: (match: Match) => boolean): Decision | undefined {
  for (const level of levels) {
    const only = level.matches.length === 1 ? level.matches[0] : undefined;
    // The usual level: one entry that allows (no lists to build).
    if (only && only.allows && !only.denies) return { effect: "allow", level, match: only, beatenAllows: [] };
    const denies = level.matches.filter((m) => m.denies && counts(m));
    const allows = level.matches.filter((m) => m.allows && !m.denies);
    if (denies.length > 0) return { effect: "deny", level, match: pick(denies), beatenAllows: allows };
    if (allows.length > 0) return { effect: "allow", level, match: pick(allows), beatenAllows: [] };
  }
  return undefined;
}

/** The ACE to name when several agree: the identity's own, then the shortest membership chain, then by name. */
function pick(matches: Match[]): Match {
  return matches.reduce((best, m) => (compareMatches(m, best) < 0 ? m : best));
}

function compareMatches(a: Match, b: Match): number {
  if (a.entry.self !== b.entry.self) return a.entry.self ? -1 : 1;
  if (a.entry.via.length !== b.entry.via.length) return a.entry.via.length - b.entry.via.length;
  const byName = a.entry.name.toLowerCase().localeCompare(b.entry.name.toLowerCase());
  if (byName !== 0) return byName;
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

function firstAdminAllow(levels: Level[], isAdminMatch: (m: Match) => boolean): { level: Level; match: Match } {
  for (const level of levels) {
    const allows = level.matches.filter((m) => m.allows && isAdminMatch(m));
    if (allows.length > 0) return { level, match: pick(allows) };
  }
  throw new Error("unreachable: no administrators' Allow in reach");
}

function decidingAce(decision: Decision): DecidingAce {
  const { entry } = decision.match;
  return {
    token: decision.level.token,
    descriptor: entry.descriptor,
    name: entry.name,
    via: [...entry.via],
    inherited: decision.level.depth > 0,
    effect: decision.effect,
  };
}

function ace(match: Match): string {
  return match.denies ? "Deny" : "Allow";
}

/** Whose ACE it is, in words: the identity itself, or a group and how the identity is in it. */
function whose(entry: ClosureEntry): string {
  if (entry.self) return "the identity itself";
  const path = entry.via.slice(0, -1);
  if (entry.implicit) {
    return path.length === 0
      ? `the group ${entry.name} (every member of the organization is in it)`
      : `the group ${entry.name} (implicitly, through ${path.join(" → ")})`;
  }
  return path.length === 0 ? `the group ${entry.name} (a direct member)` : `the group ${entry.name} (through ${path.join(" → ")})`;
}

function explain(permission: string, decision: Explained, checked: string): string {
  const verb = decision.effect === "allow" ? "allowed" : "denied";
  const what = decision.effect === "allow" ? "Allow" : "Deny";
  const where =
    decision.depth > 0
      ? `${decision.effect === "allow" ? "an" : "a"} ${what} on ${decision.token}, inherited by ${checked},`
      : `an explicit ${what} on ${decision.token}`;
  let sentence = `${permission} is ${verb} by ${where} for ${whose(decision.entry)}`;
  if (decision.beatenAllows.length > 0) {
    const names = [...new Set([...decision.beatenAllows].sort(compareMatches).map((m) => m.entry.name))].join(", ");
    sentence += `; a deny wins over the Allow for ${names} on the same token`;
  }
  return sentence + ".";
}

function notSet(permission: string, chain: string[], brokenAt: string | undefined, cutOff: Level[]): PermissionResult {
  const checked = chain[0];
  const result: PermissionResult = { effective: "notSet", reason: "", token: checked };
  if (brokenAt === undefined) {
    // The ancestors follow from the token (its project's token, the namespace root): not listed, so a large
    // organization's report stays small.
    result.reason =
      `Not set: nothing allows ${permission} for this identity or its groups on ${checked}` +
      (chain.length > 1 ? " or the tokens it inherits from" : "") +
      ", so it is implicitly denied.";
    return result;
  }
  const considered = chain.slice(0, chain.indexOf(brokenAt) + 1);
  let reason = `Not set: nothing allows ${permission} for this identity or its groups on ${considered.join(" or ")}, so it is implicitly denied; inheritance is switched off on ${brokenAt}`;
  const lost = cutOff.find((level) => level.matches.length > 0);
  if (lost) {
    result.inheritanceBrokenAt = brokenAt;
    const lostDecision = decide([lost], () => true)!;
    reason += `, which cuts off the ${lostDecision.effect === "allow" ? "Allow" : "Deny"} on ${lost.token} for ${whose(lostDecision.match.entry)}`;
  } else {
    reason += ", so settings on its ancestors do not count";
  }
  result.reason = reason + ".";
  return result;
}
