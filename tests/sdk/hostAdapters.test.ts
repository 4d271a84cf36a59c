import { authProviderFromAccessToken, hostResolverFromLocationService } from "../../src/sdk/hostAdapters";

test("the auth provider sends the host's token as Bearer, asking the host again each time", async () => {
  let calls = 0;
  const auth = authProviderFromAccessToken(async () => `token-${++calls}`);
  expect(await auth.getAuthorizationHeader()).toBe("Bearer token-1");
  expect(await auth.getAuthorizationHeader(true)).toBe("Bearer token-2");
  expect(auth.renewalHint).toMatch(/Reload the page/);
});

test("an empty token from the host is an error, not an anonymous request", async () => {
  await expect(authProviderFromAccessToken(async () => "").getAuthorizationHeader()).rejects.toThrow(
    "The Azure DevOps host returned an empty access token.",
  );
});

test("a failed area lookup is not remembered, so a later call can succeed", async () => {
  const answers = [Promise.reject(new Error("host busy")), Promise.resolve("https://vssps.dev.azure.com/contoso")];
  answers[0].catch(() => undefined);
  let calls = 0;
  const resolve = hostResolverFromLocationService({ getResourceAreaLocation: () => answers[calls++] });
  await expect(resolve("bb1e7ec9-e901-4b68-999a-de7012b920f8")).rejects.toThrow("host busy");
  expect(await resolve("bb1e7ec9-e901-4b68-999a-de7012b920f8")).toBe("https://vssps.dev.azure.com/contoso/");
  expect(await resolve("BB1E7EC9-E901-4B68-999A-DE7012B920F8")).toBe("https://vssps.dev.azure.com/contoso/");
  expect(calls).toBe(2);
});
