/**
 * Local upstreams of the embedded world. The proxy never opens a socket to a non-loopback
 * address: an upstream host is looked up in the host map and answered by one of these handlers.
 *
 * Keep this contract stable: change it only by adding optional members.
 */
import type { Awaitable, Headers, Reply } from "../plugins/types.js";

export interface UpstreamRequest {
  method: string;
  scheme: "http" | "https";
  host: string;
  port: number;
  /** Path and query as sent upstream: `/anything/foo?x=1`. */
  url: string;
  headers: Headers;
  body: Buffer;
  clientIp: string;
}

export interface Upstream {
  /** Stable name used in the host map and in `docs/` (`httpbin`, `openai`, `xai`, …). */
  name: string;
  /** Hosts answered by default (exact, or `*.suffix`). */
  hosts: string[];
  handle(req: UpstreamRequest, signal: AbortSignal): Awaitable<Reply>;
}
