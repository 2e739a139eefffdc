/** `GET /` and `GET /status`: node information shaped like Kong's, plus a `docval` section. */
import type { Json } from "../entities.js";
import type { Runtime } from "../runtime.js";
import { fullVersion } from "../version.js";

export function infoBody(rt: Runtime): Json {
  const available: Json = {};
  const names = rt.plugins.available(rt.store);
  for (const name of names) available[name] = { version: fullVersion(rt.version).split(".").slice(0, 3).join("."), priority: rt.plugins.priority(name, rt.store) };
  const enabled = [...new Set(rt.store.list("plugins").map((p) => String(p.name)))].sort();
  const fidelity: Json = {};
  for (const name of names) {
    const p = rt.emulated.get(rt.plugins.base(name, rt.store));
    fidelity[name] = p ? p.fidelity : "unemulated";
  }
  return {
    tagline: "Welcome to kong",
    version: fullVersion(rt.version),
    edition: "enterprise",
    hostname: "docval-embedded",
    node_id: rt.nodeId,
    lua_version: "LuaJIT 2.1.0-20231117",
    timers: { running: 0, pending: 0 },
    pids: { master: process.pid, workers: [process.pid] },
    plugins: { available_on_server: available, enabled_in_cluster: enabled },
    configuration: {
      database: rt.dbless ? "off" : "postgres",
      role: "traditional",
      router_flavor: "traditional_compatible",
      admin_listen: [rt.listen.admin],
      proxy_listen: [rt.listen.proxy, `${rt.listen.proxyHttps} ssl`],
      plugins: ["bundled"],
    },
    docval: {
      emulator: true,
      emulated_version: rt.version,
      schema_validation: rt.plugins.schemaValidation,
      schema_version: rt.plugins.schemaVersion ?? null,
      schema_validation_off_reason: rt.plugins.schemaValidation ? null : rt.plugins.offReason ?? "no schemas directory given",
      plugin_fidelity: fidelity,
    },
  };
}

export function statusBody(rt: Runtime): Json {
  const server = {
    connections_accepted: rt.totalRequests,
    connections_active: 1,
    connections_handled: rt.totalRequests,
    connections_reading: 0,
    connections_waiting: 0,
    connections_writing: 1,
    total_requests: rt.totalRequests,
  };
  const memory = {
    lua_shared_dicts: {},
    workers_lua_vms: [{ http_allocated_gc: `${(process.memoryUsage().heapUsed / 1048576).toFixed(2)} MiB`, pid: process.pid }],
  };
  return rt.dbless ? { memory, server, configuration_hash: rt.configHash } : { memory, server, database: { reachable: true } };
}
