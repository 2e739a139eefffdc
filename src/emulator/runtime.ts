/**
 * One gateway instance's live state, shared by its Admin API and proxy listeners. Several
 * instances may run in one process; nothing here is global.
 */
import type { EmulatedPlugin } from "./plugins/types.js";
import type { Json } from "./entities.js";
import type { PluginConfigurator } from "./plugin-config.js";
import type { Store } from "./state.js";
import type { Upstream } from "./upstreams/types.js";

export const EMPTY_CONFIG_HASH = "00000000000000000000000000000000";

export interface Runtime {
  store: Store;
  version: string;
  dbless: boolean;
  plugins: PluginConfigurator;
  emulated: Map<string, EmulatedPlugin<Json>>;
  now(): number;
  /** DB-less: md5 of the last loaded declarative config (32 zeros when none). */
  configHash: string;
  /** DB-less: the last loaded declarative config, for `GET /config`. */
  declarative: Json | null;
  nodeId: string;
  totalRequests: number;
  /** Upstream host (lower-case, exact or `*.suffix`) → local handler. */
  upstreams: { byHost: Map<string, Upstream>; wildcard: [string, Upstream][] };
  /** Listener addresses, filled once the servers are bound. */
  listen: { admin: string; proxy: string; proxyHttps: string };
  /** Per-plugin state that outlives a request (rate-limit counters), keyed by plugin instance id. */
  pluginState: Map<string, unknown>;
}
