import { patAuth, bearerAuth } from "../../../src/ado/http/auth";
import { AdoError } from "../../../src/ado/http/errors";
import { Transport, type TransportOptions } from "../../../src/ado/http/transport";
import { fakeFetch, html, json, networkError, recordingSleep, type Reply } from "../support/fake-fetch";

const URL_ = "https://dev.azure.com/contoso/_apis/projects";

function transportWith(replies: Reply[], options: Partial<TransportOptions> = {}) {
  const fake = fakeFetch(replies);
  const sleeper = recordingSleep();
  const progress: string[] = [];
  const transport = new Transport({
    auth: patAuth("abc123pat"),
    fetch: fake.fetch,
    sleep: sleeper.sleep,
    now: () => 1_000_000,
    onProgress: (message) => progress.push(message),
    ...options,
  });
  return { transport, requests: fake.requests, waits: sleeper.waits, progress };
}

async function rejection(promise: Promise<unknown>): Promise<AdoError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(AdoError);
    return error as AdoError;
  }
  throw new Error("expected a rejection");
}

describe("Transport headers", () => {
  it("sends the PAT, the api-version in Accept with noArrayWrap, and asks for no sign-in redirect", async () => {
    const { transport, requests } = transportWith([json([])]);
    await transport.send({ url: URL_, apiVersion: "7.1" });
    const headers = requests[0].headers;
    expect(headers.get("authorization")).toBe("Basic OmFiYzEyM3BhdA==");
    expect(headers.get("accept")).toBe("application/json;api-version=7.1;excludeUrls=true;noArrayWrap=true");
    expect(headers.get("x-tfs-fedauthredirect")).toBe("Suppress");
    expect(transport.stats().requests).toBe(1);
  });
});

describe("Transport retries", () => {
  it("honours Retry-After (seconds) on 429 and then returns the result", async () => {
    const { transport, waits, progress } = transportWith([json({ message: "TF400733" }, 429, { "Retry-After": "7" }), json({ ok: 1 })]);
    const response = await transport.send({ url: URL_ });
    expect(response.json()).toEqual({ ok: 1 });
    expect(waits).toEqual([7000]);
    expect(transport.stats()).toMatchObject({ requests: 2, retries: 1, throttled: 1 });
    expect(progress.join("\n")).toMatch(/throttling requests \(HTTP 429\); waiting 7 s \(Retry-After\) before retry 1 of 5/);
  });

  it("backs off exponentially on 503/502/504 without Retry-After", async () => {
    const { transport, waits } = transportWith([json({}, 503), json({}, 502), json({}, 504), json([1])], {
      retry: { baseDelayMs: 100, maxDelayMs: 250 },
    });
    await transport.send({ url: URL_ });
    expect(waits).toEqual([100, 200, 250]);
  });

  it("gives up after maxRetries with a throttled error", async () => {
    const replies = Array.from({ length: 3 }, () => json({ message: "TF400733: blocked" }, 429, { "Retry-After": "1" }));
    const { transport, requests } = transportWith(replies, { retry: { maxRetries: 2 } });
    const error = await rejection(transport.send({ url: URL_ }));
    expect(error.kind).toBe("throttled");
    expect(error.message).toMatch(/after 2 retries: TF400733: blocked/);
    expect(requests).toHaveLength(3);
  });

  it("does not retry a 500", async () => {
    const { transport, requests } = transportWith([json({ message: "TF400898: boom" }, 500)]);
    expect((await rejection(transport.send({ url: URL_ }))).kind).toBe("server");
    expect(requests).toHaveLength(1);
  });

  it("retries a dropped connection but not an unknown host", async () => {
    // The first drop is retried at once (a stale pooled connection); a second one waits for the backoff.
    const dropped = transportWith([networkError("ECONNRESET"), networkError("ECONNRESET"), json([])], { retry: { baseDelayMs: 10 } });
    await dropped.transport.send({ url: URL_ });
    expect(dropped.requests).toHaveLength(3);
    expect(dropped.waits).toEqual([10]);

    const unknownHost = transportWith([networkError("ENOTFOUND")]);
    const error = await rejection(unknownHost.transport.send({ url: "https://dev.azure.invalid/x/_apis/projects" }));
    expect(error.kind).toBe("network");
    expect(error.message).toMatch(/dev\.azure\.invalid could not be found/);
    expect(unknownHost.requests).toHaveLength(1);
  });
});

describe("Transport authentication errors", () => {
  it("turns the 203 sign-in page into an auth error with the renewal hint", async () => {
    const { transport } = transportWith([html(203)]);
    const error = await rejection(transport.send({ url: URL_ }));
    expect(error.kind).toBe("auth");
    expect(error.message).toMatch(/^The token was rejected \(HTTP 203 sign-in page\): it is wrong or expired\. Create a new PAT/);
  });

  it("does not repeat a 401 for a PAT", async () => {
    const { transport, requests } = transportWith([json({ message: "TF400813: not authorized" }, 401)]);
    expect((await rejection(transport.send({ url: URL_ }))).kind).toBe("auth");
    expect(requests).toHaveLength(1);
  });

  it("asks a refreshable provider for a fresh token once after a 401", async () => {
    const fake = fakeFetch([json({}, 401), json([])]);
    const transport = new Transport({ auth: bearerAuth(async (force) => (force ? "fresh" : "stale")), fetch: fake.fetch });
    await transport.send({ url: URL_ });
    expect(fake.requests.map((request) => request.headers.get("authorization"))).toEqual(["Bearer stale", "Bearer fresh"]);
  });

  it("maps 403 and 404", async () => {
    expect((await rejection(transportWith([json({ message: "denied" }, 403)]).transport.send({ url: URL_ }))).kind).toBe("forbidden");
    expect((await rejection(transportWith([json({ message: "TF200016" }, 404)]).transport.send({ url: URL_ }))).kind).toBe("notFound");
  });

  it("reports an HTML page on a 200 as a server error, not as data", async () => {
    const { transport } = transportWith([html(200)]);
    const response = await transport.send({ url: URL_ });
    expect(() => response.json()).toThrow(/HTML page/);
  });
});

describe("Transport rate limiting", () => {
  it("pauses before the next request when X-RateLimit-Remaining is 0", async () => {
    const { transport, waits, progress } = transportWith([json([], 200, { "X-RateLimit-Remaining": "0", "X-RateLimit-Delay": "2.5" }), json([])]);
    await transport.send({ url: URL_ });
    expect(waits).toEqual([]);
    await transport.send({ url: URL_ });
    expect(waits).toEqual([2500]);
    expect(progress.join("\n")).toMatch(/slowing down/);
  });

  it("honours Retry-After on a successful response", async () => {
    const { transport, waits } = transportWith([json([], 200, { "Retry-After": "3" }), json([])]);
    await transport.send({ url: URL_ });
    await transport.send({ url: URL_ });
    expect(waits).toEqual([3000]);
  });

  it("does not slow down while requests remain", async () => {
    const { transport, waits } = transportWith([json([], 200, { "X-RateLimit-Remaining": "150" }), json([])]);
    await transport.send({ url: URL_ });
    await transport.send({ url: URL_ });
    expect(waits).toEqual([]);
  });
});

describe("Transport concurrency", () => {
  it("keeps at most maxConcurrency requests in flight", async () => {
    let inFlight = 0;
    let peak = 0;
    const fake = fakeFetch(async () => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 5));
      inFlight--;
      return json([]);
    });
    const transport = new Transport({ auth: patAuth("abc"), fetch: fake.fetch, maxConcurrency: 3 });
    await Promise.all(Array.from({ length: 12 }, () => transport.send({ url: URL_ })));
    expect(peak).toBe(3);
    expect(transport.stats()).toMatchObject({ requests: 12, peakInFlight: 3 });
  });

  it("defaults to 4 in flight", async () => {
    let inFlight = 0;
    let peak = 0;
    const fake = fakeFetch(async () => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 5));
      inFlight--;
      return json([]);
    });
    const transport = new Transport({ auth: patAuth("abc"), fetch: fake.fetch });
    await Promise.all(Array.from({ length: 10 }, () => transport.send({ url: URL_ })));
    expect(peak).toBe(4);
  });

  it("rejects a concurrency below 1", () => {
    expect(() => new Transport({ auth: patAuth("abc"), maxConcurrency: 0 })).toThrow(/maxConcurrency/);
  });
});

describe("Transport list answers read as they arrive", () => {
  it("hands each element to keepListItem before the rest of the body has come, and keeps only what it returns", async () => {
    const encoder = new TextEncoder();
    let sendRest!: () => void;
    const restSent = new Promise<void>((resolve) => (sendRest = resolve));
    const body = new ReadableStream<Uint8Array>({
      async start(controller) {
        controller.enqueue(encoder.encode('{"count":3,"value":[{"id":"a"},'));
        await restSent;
        controller.enqueue(encoder.encode('{"id":"b"},{"id":"c"}]}'));
        controller.close();
      },
    });
    const kept: string[] = [];
    const transport = new Transport({
      auth: patAuth("abc123pat"),
      fetch: async () => new Response(body, { status: 200, headers: { "content-type": "application/json" } }),
    });
    const sent = transport.send({
      url: URL_,
      keepListItem: (item) => {
        const id = (item as { id: string }).id;
        kept.push(id);
        if (id === "a") sendRest();
        return id === "b" ? undefined : id.toUpperCase();
      },
    });
    const response = await sent;
    expect(kept).toEqual(["a", "b", "c"]);
    expect(response.json()).toEqual({ count: 3, value: ["A", "C"] });
  });

  it("reads a failed answer whole, for its error message", async () => {
    const { transport } = transportWith([json({ message: "TF401019: The Git repository does not exist." }, 404)]);
    const keep = jest.fn();
    const error = await rejection(transport.send({ url: URL_, keepListItem: keep }));
    expect(error.message).toMatch(/TF401019/);
    expect(keep).not.toHaveBeenCalled();
  });
});
