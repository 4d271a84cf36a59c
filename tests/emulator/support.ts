/** Shared helpers for the emulator's HTTP tests: start a seeded emulator and call it like a client would. */
import { resolve } from "node:path";
import { loadSeed, startEmulator, type EmulatorOptions, type OrgSeed, type RunningEmulator } from "../../emulator";

export const DEMO_SEED_PATH = resolve(__dirname, "../../emulator/seeds/demo.json");

/** A fresh copy each time, so tests that change state do not leak into each other. */
export function demoSeed(): OrgSeed {
  return loadSeed(DEMO_SEED_PATH);
}

export const TENANT = "72f1c3a1-0b6e-4d2a-9c1e-5b8a2f3d4e60";
export const SVC = `Microsoft.IdentityModel.Claims.ClaimsIdentity;${TENANT}\\svc-dbt@contoso.com`;
export const SVC_SUBJECT = "aad.MDA0NzBlMzQtZGE2MS03YTY5LWJkOTYtNDg3YTg0OWVjNTU4";
export const ANALYTICS = "6ce954b1-ce1f-45d1-b94d-e6bf2464ba2c";
export const DBT_MODELS = "278d5cd2-584d-4b63-824a-2ba458937249";
export const NS = {
  project: "52d39943-cb85-4d7f-8fa8-c6baac873819",
  hooks: "cb594ebe-87dd-4fc9-ac2c-6a10a4c92046",
  git: "2e9eb7ed-3c0a-47d4-87c1-0ffdd275fd87",
};

export function basic(pat: string): string {
  return `Basic ${Buffer.from(`:${pat}`).toString("base64")}`;
}

export const ADMIN = basic("demo-admin-pat");
export const SVC_AUTH = basic("demo-svc-pat");
export const ENGINEER = basic("demo-engineer-pat");

export async function startDemo(options: Partial<EmulatorOptions> = {}): Promise<RunningEmulator> {
  return startEmulator({ seeds: [demoSeed()], ...options });
}

export interface Reply<T = any> {
  status: number;
  headers: Headers;
  text: string;
  json: T;
}

/** Calls the emulator; `path` is relative to the base URL. JSON bodies are parsed when the reply is JSON. */
export async function call<T = any>(
  emu: RunningEmulator,
  path: string,
  init: { method?: string; auth?: string | null; headers?: Record<string, string>; body?: unknown } = {},
): Promise<Reply<T>> {
  const headers: Record<string, string> = { ...(init.headers ?? {}) };
  const auth = init.auth === undefined ? ADMIN : init.auth;
  if (auth !== null) headers.Authorization = auth;
  if (init.body !== undefined) headers["Content-Type"] ??= "application/json";
  const response = await fetch(`${emu.baseUrl}${path}`, {
    method: init.method ?? "GET",
    headers,
    body: init.body === undefined ? undefined : typeof init.body === "string" ? init.body : JSON.stringify(init.body),
  });
  const text = await response.text();
  const isJson = (response.headers.get("content-type") ?? "").includes("application/json") && text !== "";
  return { status: response.status, headers: response.headers, text, json: isJson ? JSON.parse(text) : undefined };
}

export function q(value: string): string {
  return encodeURIComponent(value);
}

/** Ids of the demo seed's projects and repositories by name. */
export function demoIds(seed: OrgSeed = demoSeed()) {
  const project = (name: string) => {
    const p = seed.projects.find((x) => x.name === name);
    if (!p) throw new Error(`no project ${name}`);
    return p;
  };
  return {
    project: (name: string) => project(name).id,
    repo: (projectName: string, repoName: string) => {
      const r = project(projectName).repositories.find((x) => x.name === repoName);
      if (!r) throw new Error(`no repository ${repoName}`);
      return r.id;
    },
    gitToken: (projectName: string, repoName?: string) =>
      `repoV2/${project(projectName).id}${repoName ? `/${project(projectName).repositories.find((x) => x.name === repoName)!.id}` : ""}`,
  };
}
