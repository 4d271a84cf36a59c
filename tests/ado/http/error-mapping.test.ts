import { errorFromNetwork, errorFromResponse, isSignInPage, serverMessage, type FailedResponse } from "../../../src/ado/http/error-mapping";
import { AdoError } from "../../../src/ado/http/errors";
import { networkError } from "../support/fake-fetch";

const URL_ = "https://dev.azure.com/contoso/_apis/projects/Analytcs?includeCapabilities=true";

function failed(status: number, bodyText = "", contentType: string | null = "application/json; charset=utf-8", statusText = ""): FailedResponse {
  return { method: "get", url: URL_, status, statusText, contentType, bodyText };
}

const vssError = (message: string, typeKey: string) =>
  JSON.stringify({ $id: "1", innerException: null, message, typeName: `X.${typeKey}, X`, typeKey, errorCode: 0, eventId: 3000 });

describe("errorFromResponse", () => {
  it("maps 203 with the HTML sign-in page to an auth error that says what to do", () => {
    const error = errorFromResponse(
      failed(203, "<!DOCTYPE html><html>Sign in</html>", "text/html"),
      "Create a new PAT and put it in AZURE_DEVOPS_EXT_PAT.",
    );
    expect(error.kind).toBe("auth");
    expect(error.status).toBe(203);
    expect(error.message).toBe(
      "The token was rejected (HTTP 203 sign-in page): it is wrong or expired. Create a new PAT and put it in AZURE_DEVOPS_EXT_PAT.",
    );
  });

  it("recognises a sign-in page by its body when the content type is missing", () => {
    expect(isSignInPage(203, null, "  <html><body>login</body></html>")).toBe(true);
    expect(isSignInPage(200, null, "<html></html>")).toBe(false);
  });

  it("maps a redirect (rejected bearer token) to auth", () => {
    expect(errorFromResponse(failed(302, "", null), "").kind).toBe("auth");
  });

  it("maps 401 to auth and keeps the server's TF code", () => {
    const body = vssError("TF400813: The user '' is not authorized to access this resource.", "UnauthorizedRequestException");
    const error = errorFromResponse(failed(401, body), "Get a new token.");
    expect(error.kind).toBe("auth");
    expect(error.message).toContain("TF400813");
    expect(error.message).toContain("Get a new token.");
  });

  it("maps 403 to forbidden and 404 to notFound, naming the request without its query", () => {
    const forbidden = errorFromResponse(failed(403, vssError("Access denied.", "AccessCheckException")), "");
    expect(forbidden.kind).toBe("forbidden");
    expect(forbidden.message).toContain("GET dev.azure.com/contoso/_apis/projects/Analytcs");
    expect(forbidden.message).not.toContain("includeCapabilities");

    const notFound = errorFromResponse(
      failed(404, vssError("TF200016: The following project does not exist: Analytcs.", "ProjectDoesNotExistWithNameException")),
      "",
    );
    expect(notFound.kind).toBe("notFound");
    expect(notFound.status).toBe(404);
    expect(notFound.message).toContain("TF200016");
  });

  it("maps an exhausted 429 to throttled and says how many retries were made", () => {
    const error = errorFromResponse(failed(429, vssError("TF400733: The request has been canceled", "RequestBlockedException")), "", 5);
    expect(error.kind).toBe("throttled");
    expect(error.message).toMatch(/after 5 retries/);
  });

  it("maps 5xx and 400 to server errors", () => {
    expect(errorFromResponse(failed(503, "", null, "Service Unavailable"), "", 2).message).toMatch(/HTTP 503 Service Unavailable .* after 2 retries/);
    const badRequest = errorFromResponse(
      failed(400, vssError('The requested version "7.1" of the resource is under preview.', "VssInvalidPreviewVersionException")),
      "",
    );
    expect(badRequest.kind).toBe("server");
    expect(badRequest.message).toContain("under preview");
  });

  it("keeps messages on one line", () => {
    const error = errorFromResponse(failed(404, JSON.stringify({ message: "line one\r\nline two" })), "");
    expect(error.message).not.toMatch(/[\r\n]/);
    expect(serverMessage("not json")).toBe("");
  });
});

describe("errorFromNetwork", () => {
  it.each([
    ["ENOTFOUND", /could not be found/],
    ["ECONNREFUSED", /connection was refused/],
    ["ETIMEDOUT", /did not answer within 30 s/],
    ["ECONNRESET", /The connection to dev\.azure\.com broke before the answer arrived \(ECONNRESET\)/],
  ])("maps %s to a network error", (code, message) => {
    const error = errorFromNetwork(networkError(code), "GET", URL_, 30000);
    expect(error).toBeInstanceOf(AdoError);
    expect(error.kind).toBe("network");
    expect(error.message).toMatch(message);
  });

  it("treats an aborted (timed-out) fetch as a timeout", () => {
    const timeout = Object.assign(new Error("The operation was aborted due to timeout"), { name: "TimeoutError" });
    expect(errorFromNetwork(timeout, "GET", URL_, 60000).message).toMatch(/did not answer within 60 s/);
  });
});
