// The client's requests, checked against a fake fetch: what PostgREST would receive.
import { describe, expect, it } from "vitest";

import { addItem, connect, ItemsError, listItems, removeItem, setDone } from "../src/items.js";

const URL_ = "http://127.0.0.1:54321";
const ITEM = { id: 1, owner_id: "11111111-1111-4111-8111-111111111111", title: "milk", done: false, created_at: "2025-01-01T00:00:00Z" };

// Node 20 has no WebSocket: the realtime transport is never opened by these calls.
class NoSocket {
  constructor() {
    throw new Error("realtime is not used here");
  }
}

function backend(fetch: typeof globalThis.fetch) {
  return connect(URL_, "anon-key", { global: { fetch }, realtime: { transport: NoSocket as never } });
}

type Seen = { url: URL; method: string; headers: Headers; body: unknown };

function fake(status: number, payload: unknown): { fetch: typeof globalThis.fetch; seen: Seen[] } {
  const seen: Seen[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = new URL(input instanceof Request ? input.url : input.toString());
    const body = typeof init?.body === "string" ? JSON.parse(init.body) : null;
    seen.push({ url, method: init?.method ?? "GET", headers: new Headers(init?.headers), body });
    return new Response(JSON.stringify(payload), { status, headers: { "content-type": "application/json" } });
  };
  return { fetch, seen };
}

describe("items client", () => {
  it("lists the items newest first, sending the anon key", async () => {
    const { fetch, seen } = fake(200, [ITEM]);
    expect(await listItems(backend(fetch))).toEqual([ITEM]);
    expect(seen[0]?.url.pathname).toBe("/rest/v1/items");
    expect(seen[0]?.url.searchParams.get("order")).toBe("created_at.desc");
    expect(seen[0]?.headers.get("apikey")).toBe("anon-key");
  });

  it("adds an item with a trimmed title and no owner (the database sets it)", async () => {
    const { fetch, seen } = fake(201, ITEM);
    await addItem(backend(fetch), "  milk ");
    expect(seen[0]?.method).toBe("POST");
    expect(seen[0]?.body).toEqual({ title: "milk" });
  });

  it("refuses an empty title before any request", async () => {
    const { fetch, seen } = fake(201, ITEM);
    await expect(addItem(backend(fetch), "   ")).rejects.toThrow(ItemsError);
    expect(seen).toHaveLength(0);
  });

  it("updates and removes by id", async () => {
    const { fetch, seen } = fake(200, { ...ITEM, done: true });
    const client = backend(fetch);
    expect((await setDone(client, 1, true)).done).toBe(true);
    await removeItem(client, 1);
    expect(seen.map((request) => [request.method, request.url.searchParams.get("id")])).toEqual([
      ["PATCH", "eq.1"],
      ["DELETE", "eq.1"],
    ]);
  });

  it("turns an error of the API into an ItemsError", async () => {
    const { fetch } = fake(401, { message: "JWT expired", code: "PGRST301" });
    await expect(listItems(backend(fetch))).rejects.toThrow("JWT expired");
  });
});
