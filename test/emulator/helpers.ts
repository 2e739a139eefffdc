/** Starts embedded gateways for tests and talks to them over real HTTP on 127.0.0.1. */
import { resolve } from "node:path";
import { Agent, request } from "undici";
import { afterAll } from "vitest";
import { startGateway, type GatewayOptions, type RunningGateway } from "../../src/emulator/server.js";
import { CORPUS, HAS_CORPUS } from "../helpers/corpus.js";

export const SCHEMAS_DIR = resolve(CORPUS, "app/_schemas/gateway/plugins");
export { HAS_CORPUS };

export interface Res {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- test convenience
}

const insecure = new Agent({ connect: { rejectUnauthorized: false } });

export async function send(url: string, init: { method?: string; headers?: Record<string, string>; body?: unknown; raw?: string } = {}): Promise<Res> {
  const headers: Record<string, string> = { ...(init.headers ?? {}) };
  let body: string | undefined = init.raw;
  if (init.body !== undefined) {
    body = JSON.stringify(init.body);
    headers["content-type"] ??= "application/json";
  }
  const r = await request(url, { method: (init.method ?? (body !== undefined ? "POST" : "GET")) as "GET", headers, body, dispatcher: url.startsWith("https") ? insecure : undefined });
  const text = await r.body.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: r.statusCode, headers: r.headers, text, json };
}

export interface TestGateway extends RunningGateway {
  admin(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Res>;
  proxy(path: string, init?: { method?: string; headers?: Record<string, string>; body?: unknown; raw?: string }): Promise<Res>;
  /** Admin write that must succeed; returns the entity. */
  create(path: string, body: unknown): Promise<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** One gateway per test file (stopped after all), or per call when needed. */
export async function gateway(opts: GatewayOptions = {}): Promise<TestGateway> {
  const gw = await startGateway(opts);
  afterAll(() => gw.stop());
  const admin = (method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
    send(`${gw.adminUrl}${path}`, { method, body, headers });
  return {
    ...gw,
    admin,
    proxy: (path, init) => send(`${gw.proxyUrl}${path}`, init),
    async create(path, body) {
      const r = await admin("POST", path, body);
      if (r.status !== 201 && r.status !== 200) throw new Error(`${path}: ${r.status} ${r.text}`);
      return r.json;
    },
  };
}

/** A service at httpbin's /anything plus a route at `path` (http+https). */
export async function echoRoute(gw: TestGateway, name: string, path: string, extra: Record<string, unknown> = {}): Promise<{ service: any; route: any }> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const service = await gw.create("/services", { name, url: "http://httpbin.konghq.com/anything" });
  const route = await gw.create(`/services/${name}/routes`, { name: `${name}-route`, paths: [path], protocols: ["http", "https"], ...extra });
  return { service, route };
}
