/**
 * The Setup tab's saved settings: what an admin typed and confirmed, kept in the extension data service
 * (organization scope, so every admin of the organization sees the same setup).
 *
 * There is no field for the client secret and none can be stored: only the listed fields are read and
 * written, whatever else a caller or an older document carries.
 */
import type { SetupConfirmations, SetupRoute } from "../../core/setup/checklist";
import type { SettingsStore } from "../../sdk/extensionData";

/** The extension data key (organization scope). */
export const SETUP_SETTINGS_KEY = "setup.settings";
export const SETUP_RECORD_VERSION = 1;

export const SETUP_FIELD_IDS = ["applicationId", "tenantId", "accessUrl", "accountId", "clientSecretExpiresOn", "serviceUserObjectId"] as const;
export type SetupFieldId = (typeof SETUP_FIELD_IDS)[number];

/** Each field as typed (trimmed when saved); the core validates them. */
export type SetupFields = Record<SetupFieldId, string>;

export interface SetupRecord {
  schemaVersion: typeof SETUP_RECORD_VERSION;
  fields: SetupFields;
  confirmations: SetupConfirmations;
  /** The route the admin chose; absent in setups saved before the choice existed (shown as the service-user route). */
  route?: SetupRoute;
  /** ISO date-time of the last save, and who saved (display name), for the admins who come next. */
  savedAt?: string;
  savedBy?: string;
}

/** Every tick an admin can give (SetupConfirmations' yes/no flags); only these are read back. */
export const TICK_FLAGS = [
  "multitenant",
  "userImpersonationOnly",
  "serviceUserMfaDisabled",
  "directoryConnected",
  "patCreationAllowed",
  "appAddedToDbt",
  "serviceUserLinked",
  "runsRegularly",
  "developerAccountsLinked",
  "ipRestrictionsAllowAdo",
] as const satisfies readonly Exclude<keyof SetupConfirmations, "redirectUrisAddedFor">[];

export function emptyFields(): SetupFields {
  return { applicationId: "", tenantId: "", accessUrl: "", accountId: "", clientSecretExpiresOn: "", serviceUserObjectId: "" };
}

export function emptySetupRecord(): SetupRecord {
  return { schemaVersion: SETUP_RECORD_VERSION, fields: emptyFields(), confirmations: {} };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function text(value: unknown): string | undefined {
  if (typeof value === "string") return value.trim();
  // An account id may have been stored as a number.
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  return undefined;
}

/**
 * A stored document as a SetupRecord: known fields of the right type only, everything else dropped, so a
 * hand-edited or foreign document can never put unexpected values on the page.
 */
export function readSetupRecord(stored: unknown): SetupRecord {
  const record = emptySetupRecord();
  if (!isRecord(stored)) return record;
  const fields = isRecord(stored.fields) ? stored.fields : {};
  for (const id of SETUP_FIELD_IDS) record.fields[id] = text(fields[id]) ?? "";
  const confirmations = isRecord(stored.confirmations) ? stored.confirmations : {};
  for (const key of TICK_FLAGS) {
    if (confirmations[key] === true) record.confirmations[key] = true;
  }
  const redirectUrisAddedFor = text(confirmations.redirectUrisAddedFor);
  if (redirectUrisAddedFor) record.confirmations.redirectUrisAddedFor = redirectUrisAddedFor;
  if (stored.route === "servicePrincipal" || stored.route === "serviceUser") record.route = stored.route;
  const savedAt = text(stored.savedAt);
  if (savedAt) record.savedAt = savedAt;
  const savedBy = text(stored.savedBy);
  if (savedBy) record.savedBy = savedBy;
  return record;
}

export interface SetupSettingsStore {
  /** The saved record, or undefined when nothing was saved yet. */
  load(): Promise<SetupRecord | undefined>;
  /** Saves the record's known fields only; resolves with exactly what was stored. */
  save(record: SetupRecord): Promise<SetupRecord>;
  /**
   * Calls `listener` with every record saved from now on, so a tab that stays open (Service hooks) follows what
   * Setup saves; returns the unsubscribe.
   */
  onSave?(listener: (record: SetupRecord) => void): () => void;
}

export function createSetupSettingsStore(settings: Pick<SettingsStore, "get" | "set">): SetupSettingsStore {
  const listeners = new Set<(record: SetupRecord) => void>();
  return {
    onSave(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    async load() {
      const stored = await settings.get<unknown>(SETUP_SETTINGS_KEY);
      return stored === undefined || stored === null ? undefined : readSetupRecord(stored);
    },
    async save(record) {
      // Round-trip through the reader: whatever the caller passed, only the whitelisted fields are written.
      const clean = readSetupRecord(record);
      await settings.set(SETUP_SETTINGS_KEY, clean);
      for (const listener of [...listeners]) listener(clean);
      return clean;
    },
  };
}
