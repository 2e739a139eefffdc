/**
 * The emulated-plugin contract (STYLE "Emulator plugins and upstreams"). A plugin is a value
 * with Kong's name and priority and one function per phase it uses. `access` may return a Reply,
 * which short-circuits the request (MSW's "return a response or fall through").
 *
 * Keep this contract stable: change it only by adding optional members.
 */
import type { Diagnostic } from "../../core/diagnostic.js";

export type Awaitable<T> = T | Promise<T>;

/** Headers are lower-cased names; a repeated header is an array. */
export type Headers = Record<string, string | string[]>;

export interface Reply {
  status: number;
  headers: Headers;
  body: Buffer;
}

/** The request as it will be forwarded upstream; plugins mutate it in `access`. */
export interface ProxyRequest {
  method: string;
  /** Scheme the client used on the proxy listener. */
  scheme: "http" | "https";
  /** Host header the client sent (without port). */
  host: string;
  /** Path as received, before strip_path; query string excluded. */
  path: string;
  query: URLSearchParams;
  headers: Headers;
  body: Buffer;
  clientIp: string;
}

/** Where the request goes next. Plugins such as ai-proxy replace it. */
export interface UpstreamTarget {
  scheme: "http" | "https";
  host: string;
  port: number;
  /** Path to send upstream, with a leading slash; query appended from `ProxyRequest.query`. */
  path: string;
}

export interface ConsumerRef {
  id: string;
  username?: string | null;
  custom_id?: string | null;
}

export interface ProxyCtx {
  request: ProxyRequest;
  /** The matched route and its service, as stored entities (JSON objects). */
  route: Record<string, unknown>;
  service: Record<string, unknown> | null;
  /** Regex named/positional captures from the matched path. */
  uriCaptures: Record<string, string>;
  upstream: UpstreamTarget | null;
  consumer?: ConsumerRef;
  credential?: { id: string; [k: string]: unknown };
  /** ACL groups of the authenticated consumer (or of its consumer groups). */
  authenticatedGroups?: string[];
  /** Consumer groups the consumer belongs to (names). */
  consumerGroups?: string[];
  /** Read-only view of the gateway's entities, for credential and consumer lookups. */
  store: EntityLookup;
  /** Emulated gateway version, e.g. "3.15". */
  version: string;
  /** Milliseconds; injected so rate-limit windows are testable. */
  now(): number;
  /** Plugins on this request that could not be modelled; surfaced as `X-Docval-Unemulated`. */
  unemulated: Set<string>;
  /** Scratch space per request, keyed by plugin name. */
  shared: Map<string, unknown>;
  /** Kong's request id (`X-Kong-Request-Id`), echoed in `kong.response.error` bodies (added, optional). */
  requestId?: string;
  /** State that outlives one request (rate-limit counters), keyed by plugin instance id (added, optional). */
  pluginState?: Map<string, unknown>;
}

export interface EntityLookup {
  /** All entities of a collection (`consumers`, `keyauth_credentials`, `acls`, …). */
  list(collection: string): Record<string, unknown>[];
  /** By id or endpoint key (name, username). */
  get(collection: string, idOrKey: string): Record<string, unknown> | undefined;
}

/** The plugin entity as stored: `config` already has schema defaults filled in. */
export interface PluginInstance<Conf = Record<string, unknown>> {
  id: string;
  name: string;
  config: Conf;
  enabled: boolean;
  protocols?: string[];
  service?: { id: string } | null;
  route?: { id: string } | null;
  consumer?: { id: string } | null;
  consumer_group?: { id: string } | null;
}

export interface EmulatedPlugin<Conf = Record<string, unknown>> {
  name: string;
  /** As real Kong reports it under `plugins.available_on_server`. */
  priority: number;
  /** `partial`: some documented behaviour is not modelled; see `gaps`. */
  fidelity: "full" | "partial";
  gaps?: string[];
  /**
   * Config defaults used when no schema directory is available (added, optional). Schema validation
   * fills defaults itself when it runs.
   */
  defaults?(version: string): Record<string, unknown>;
  /** Rules the JSON schema cannot express (at-least-one-of, exactly-one-of). */
  validate?(conf: Conf, plugin: PluginInstance<Conf>): Diagnostic[];
  access?(ctx: ProxyCtx, conf: Conf, plugin: PluginInstance<Conf>): Awaitable<Reply | void>;
  /** header_filter + body_filter: may rewrite the upstream's (or a short-circuit) reply. */
  response?(ctx: ProxyCtx, conf: Conf, reply: Reply, plugin: PluginInstance<Conf>): Awaitable<Reply>;
  log?(ctx: ProxyCtx, conf: Conf, reply: Reply, plugin: PluginInstance<Conf>): void;
}
