/**
 * @jest-environment jsdom
 *
 * What an admin sees when the page is not inside Azure DevOps, or the host answers without a context:
 * a clear error instead of the SDK's silent hang or misleading message (esm/SDK.js).
 */
import { handshakeResult, installFakeHost } from "../hubs/support/fakeHost";

type InitModule = typeof import("../../src/sdk/init");

function freshInit(): InitModule {
  let loaded: InitModule | undefined;
  // A fresh SDK per test: its handshake state is module-global.
  jest.isolateModules(() => {
    loaded = jest.requireActual("../../src/sdk/init") as InitModule;
  });
  return loaded!;
}

beforeEach(() => jest.spyOn(console, "error").mockImplementation(() => undefined));
afterEach(() => jest.restoreAllMocks());

test("no host: initSdk gives up after the timeout and says where to open the page", async () => {
  const { initSdk, HostHandshakeError } = freshInit();
  const started = Date.now();
  const failure = initSdk({ timeoutMs: 300 });
  await expect(failure).rejects.toBeInstanceOf(HostHandshakeError);
  await expect(failure).rejects.toThrow(/did not answer within 300 ms\. Open it from Organization settings or Project settings/);
  expect(Date.now() - started).toBeGreaterThanOrEqual(290);
});

test("a handshake without user or host context is reported as such", async () => {
  const host = installFakeHost({ "DevOps.HostControl": { initialHandshake: () => ({ contributionId: "x", context: {} }) } });
  try {
    const { initSdk } = freshInit();
    await expect(initSdk({ timeoutMs: 2000 })).rejects.toThrow(
      "The Azure DevOps host answered the handshake without a user or organization context.",
    );
  } finally {
    host.uninstall();
  }
});

test("an organization page has no project", async () => {
  const host = installFakeHost({ "DevOps.HostControl": { initialHandshake: () => handshakeResult() } });
  try {
    const { initSdk } = freshInit();
    const context = await initSdk({ timeoutMs: 2000 });
    expect(context.project).toBeUndefined();
    expect(context.organization.name).toBe("contoso");
  } finally {
    host.uninstall();
  }
});
