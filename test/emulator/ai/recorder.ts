/** Records what each provider double received, by wrapping its `handle` for the duration of a test file. */
import { afterAll } from "vitest";
import { PROVIDER_UPSTREAMS } from "../../../src/emulator/upstreams/providers/index.js";
import type { UpstreamRequest } from "../../../src/emulator/upstreams/types.js";

export interface Seen {
  upstream: string;
  req: UpstreamRequest;
  status: number;
}

export function recordDoubles(): { seen: Seen[]; last(): Seen | undefined; clear(): void } {
  const seen: Seen[] = [];
  const originals = PROVIDER_UPSTREAMS.map((u) => [u, u.handle] as const);
  for (const [u, handle] of originals) {
    u.handle = async (req, signal) => {
      const reply = await handle.call(u, req, signal);
      seen.push({ upstream: u.name, req, status: reply.status });
      return reply;
    };
  }
  afterAll(() => {
    for (const [u, handle] of originals) u.handle = handle;
  });
  return { seen, last: () => seen[seen.length - 1], clear: () => void seen.splice(0) };
}

export function header(req: UpstreamRequest, name: string): string | undefined {
  const v = req.headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}

export function bodyJson(req: UpstreamRequest): Record<string, unknown> {
  return JSON.parse(req.body.toString("utf8")) as Record<string, unknown>;
}
