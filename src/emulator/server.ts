/**
 * Starts one embedded gateway: an Admin API listener, an HTTP proxy listener and an HTTPS proxy
 * listener, all on 127.0.0.1 (port 0 = ephemeral), sharing one in-memory state. Many instances may
 * run in one process. `stop()` closes the listeners and any open connections.
 */
import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo, Socket } from "node:net";
import { fileURLToPath } from "node:url";
import { handleAdmin } from "./admin/api.js";
import { uuid } from "./ids.js";
import { loadSchemaRegistry, PluginConfigurator } from "./plugin-config.js";
import { pluginRegistry } from "./plugins/index.js";
import { createProxyHandler } from "./proxy/handler.js";
import { EMPTY_CONFIG_HASH, type Runtime } from "./runtime.js";
import { Store } from "./state.js";
import { buildHostMap, UPSTREAMS } from "./upstreams/index.js";
import { serverToken } from "./version.js";

export interface GatewayOptions {
  /** Emulated Kong version, default "3.15". */
  version?: string;
  dbless?: boolean;
  /** `app/_schemas/gateway/plugins` of a docs checkout; without it plugin config is not schema-validated. */
  schemasDir?: string;
  host?: "127.0.0.1";
  adminPort?: number;
  proxyPort?: number;
  proxyHttpsPort?: number;
  /** Extra upstream host → local upstream name (`httpbin`, a provider double's name). */
  hosts?: Record<string, string>;
  now?: () => number;
}

export interface RunningGateway {
  adminUrl: string;
  proxyUrl: string;
  proxyHttpsUrl: string;
  version: string;
  dbless: boolean;
  /** Whether plugin configs are validated against JSON schemas, and why not. */
  schemaValidation: boolean;
  schemaValidationOffReason?: string;
  stop(): Promise<void>;
}

const MAX_ADMIN_BODY = 32 * 1024 * 1024;

const TLS_DIR = fileURLToPath(new URL("./tls/", import.meta.url));

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function track(server: Server): Set<Socket> {
  const sockets = new Set<Socket>();
  server.on("connection", (s: Socket) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  return sockets;
}

function adminHandler(rt: Runtime) {
  return (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size <= MAX_ADMIN_BODY) chunks.push(c);
    });
    req.on("end", () => {
      const finish = (status: number, body: unknown) => {
        const headers: Record<string, string> = {
          server: serverToken(rt.version),
          "access-control-allow-origin": "*",
          "x-kong-admin-latency": "0",
        };
        let payload = "";
        if (body !== undefined && status !== 204 && status !== 304) {
          payload = JSON.stringify(body);
          headers["content-type"] = "application/json; charset=utf-8";
        }
        headers["content-length"] = String(Buffer.byteLength(payload));
        res.writeHead(status, headers);
        res.end(req.method === "HEAD" ? undefined : payload);
      };
      if (size > MAX_ADMIN_BODY) return finish(413, { message: "request body too large" });
      const url = new URL(req.url ?? "/", "http://admin.invalid");
      handleAdmin(rt, { method: req.method ?? "GET", url, headers: req.headers, body: Buffer.concat(chunks) })
        .then((r) => finish(r.status, r.body))
        .catch(() => finish(500, { message: "An unexpected error occurred" }));
    });
  };
}

export async function startGateway(opts: GatewayOptions = {}): Promise<RunningGateway> {
  const version = opts.version ?? "3.15";
  const host = "127.0.0.1";
  const emulated = pluginRegistry();
  let offReason: string | undefined = "no schemas directory given";
  let registry;
  if (opts.schemasDir) {
    const loaded = await loadSchemaRegistry(opts.schemasDir);
    registry = loaded.registry;
    offReason = loaded.reason;
  }
  const plugins = new PluginConfigurator(version, emulated, registry, offReason);
  if (registry && !plugins.schemaValidation) {
    offReason = `no plugin schemas for version ${version} or older`;
  }
  const hostMap = buildHostMap(opts.hosts);
  if (hostMap.unknown.length) {
    // A mapping that silently does nothing would send the page's traffic nowhere and blame the docs.
    throw new Error(`the hosts option names upstreams the embedded gateway does not have: ${hostMap.unknown.join(", ")} (known: ${UPSTREAMS.map((u) => u.name).join(", ")})`);
  }
  const rt: Runtime = {
    store: new Store(),
    version,
    dbless: !!opts.dbless,
    plugins: plugins.schemaValidation ? plugins : new PluginConfigurator(version, emulated, undefined, offReason),
    emulated,
    now: opts.now ?? Date.now,
    configHash: EMPTY_CONFIG_HASH,
    declarative: null,
    nodeId: uuid(),
    totalRequests: 0,
    upstreams: hostMap.map,
    listen: { admin: "", proxy: "", proxyHttps: "" },
    pluginState: new Map(),
  };

  const admin = createServer(adminHandler(rt));
  const proxyHandler = createProxyHandler(rt);
  const proxy = createServer((req, res) => void proxyHandler(req, res, "http"));
  const proxyTls = createHttpsServer(
    { cert: readFileSync(`${TLS_DIR}cert.pem`), key: readFileSync(`${TLS_DIR}key.pem`) },
    (req, res) => void proxyHandler(req, res, "https"),
  );
  const servers: Server[] = [admin, proxy, proxyTls];
  const sockets = servers.map(track);
  for (const s of servers) s.keepAliveTimeout = 5000;

  const stop = async () => {
    await Promise.all(
      servers.map(
        (s, i) =>
          new Promise<void>((resolve) => {
            if (!s.listening) return resolve();
            s.close(() => resolve());
            for (const sock of sockets[i]) sock.destroy();
          }),
      ),
    );
  };

  try {
    const adminPort = await listen(admin, opts.adminPort ?? 0, host);
    const proxyPort = await listen(proxy, opts.proxyPort ?? 0, host);
    const httpsPort = await listen(proxyTls as unknown as Server, opts.proxyHttpsPort ?? 0, host);
    rt.listen = { admin: `${host}:${adminPort}`, proxy: `${host}:${proxyPort}`, proxyHttps: `${host}:${httpsPort}` };
    return {
      adminUrl: `http://${host}:${adminPort}`,
      proxyUrl: `http://${host}:${proxyPort}`,
      proxyHttpsUrl: `https://${host}:${httpsPort}`,
      version,
      dbless: rt.dbless,
      schemaValidation: rt.plugins.schemaValidation,
      schemaValidationOffReason: rt.plugins.schemaValidation ? undefined : offReason,
      stop,
    };
  } catch (e) {
    await stop();
    throw e;
  }
}
