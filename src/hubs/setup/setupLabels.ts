/** Words and status icons of the Setup tab, and which steps an admin confirms by hand. Presentation only. */
import { Statuses, type IStatusProps } from "azure-devops-ui/Status";
import { SERVICE_USER_IDLE_DAYS, type SetupConfirmations, type StepId, type StepState } from "../../core/setup/checklist";
import type { SetupFieldId } from "./setupRecord";

export const STATE_LABELS: Record<StepState, string> = {
  done: "Done",
  todo: "To do",
  problem: "Problem",
  manual: "Check by hand",
  unknown: "Unknown",
};

export const STATE_STATUS: Record<StepState, IStatusProps> = {
  done: Statuses.Success,
  todo: Statuses.Warning,
  problem: Statuses.Failed,
  manual: Statuses.Waiting,
  unknown: Statuses.Skipped,
};

/** The order the summary lists the counts in: what needs attention first. */
export const STATE_ORDER: readonly StepState[] = ["problem", "todo", "manual", "unknown", "done"];

/** Where on this page an Azure DevOps fact a step waits for is read, shown while the step is in one of `states`. */
export const TAB_HINTS: Partial<Record<StepId, { tab: "permissions" | "hooks"; text: string; states: readonly StepState[] }>> = {
  "choose-service-user": { tab: "permissions", text: "Check the service user on the Permissions tab.", states: ["todo", "unknown"] },
  "service-user-permissions": { tab: "permissions", text: "Check the service user on the Permissions tab.", states: ["unknown"] },
  "service-hooks": { tab: "hooks", text: "Open the Service hooks tab to read them.", states: ["unknown"] },
  "add-service-principal": { tab: "permissions", text: "Check the service principal on the Permissions tab.", states: ["todo", "unknown"] },
  "service-principal-permissions": { tab: "permissions", text: "Check the service principal on the Permissions tab.", states: ["unknown"] },
};

export type ConfirmationFlag = Exclude<keyof SetupConfirmations, "redirectUrisAddedFor">;

/** Steps Azure DevOps cannot see (or the hub cannot read), with the tick that records an admin checked them. */
export const CONFIRMABLE_STEPS: Partial<Record<StepId, { flag: ConfirmationFlag; label: string }>> = {
  multitenant: { flag: "multitenant", label: "The app's supported account types are Multitenant" },
  "api-permission": {
    flag: "userImpersonationOnly",
    label: "The app has only the Azure DevOps user_impersonation permission (Microsoft Graph User.Read removed)",
  },
  "service-user-mfa": { flag: "serviceUserMfaDisabled", label: "MFA is disabled for the service user" },
  "connect-directory": { flag: "directoryConnected", label: "The organization is connected to the app's Microsoft Entra ID tenant" },
  "pat-policies": { flag: "patCreationAllowed", label: "The service user may create PATs (no restriction, or it is on the allow list)" },
  "add-app-to-dbt": { flag: "appAddedToDbt", label: "The app's values and client secret are saved in dbt Cloud" },
  "link-service-user": { flag: "serviceUserLinked", label: "dbt Cloud shows the service user's email" },
  "service-user-idle": { flag: "runsRegularly", label: `dbt Cloud runs at least every ${SERVICE_USER_IDLE_DAYS} days (scheduled jobs, API or CI)` },
  "link-developer-accounts": { flag: "developerAccountsLinked", label: "Developers can link their Azure DevOps accounts in dbt Cloud" },
  "ip-restrictions": { flag: "ipRestrictionsAllowAdo", label: "dbt Cloud's IP restrictions are off or allow Azure DevOps" },
};

/** Placeholders are plainly examples ("e.g.", zero GUIDs), never values that could be someone's real tenant or app. */
export interface FieldDefinition {
  id: SetupFieldId;
  label: string;
  placeholder: string;
  /** Where to find the value; shown under the field while it has no error. */
  help: string;
}

export const SETUP_FIELDS: readonly FieldDefinition[] = [
  {
    id: "applicationId",
    label: "Application (client) ID",
    placeholder: "e.g. 00000000-0000-0000-0000-000000000000",
    help: "On the Overview page of the app registration in Microsoft Entra ID.",
  },
  {
    id: "tenantId",
    label: "Directory (tenant) ID",
    placeholder: "e.g. 00000000-0000-0000-0000-000000000000",
    help: "On the same Overview page.",
  },
  {
    id: "accessUrl",
    label: "dbt Cloud access URL",
    placeholder: "e.g. abc123.us1.dbt.com",
    help: "dbt Cloud > Account settings > Access URLs.",
  },
  {
    id: "accountId",
    label: "dbt Cloud account ID",
    placeholder: "e.g. 12345",
    help: "The number after /accounts/ in dbt Cloud's address bar.",
  },
  {
    id: "clientSecretExpiresOn",
    label: "Client secret expires on",
    placeholder: "YYYY-MM-DD, e.g. 2027-03-31",
    help: "Certificates & secrets > Client secrets > Expires. Only the date: the secret itself is never entered here.",
  },
  {
    id: "serviceUserObjectId",
    label: "Service user's Entra object ID (optional)",
    placeholder: "e.g. 00000000-0000-0000-0000-000000000000",
    help: "Microsoft Entra ID > Users > the service user > Object ID; gives a direct link to its Authentication methods.",
  },
];
