/**
 * Misbehaving servers for fault tests, all on 127.0.0.1 port 0: a forwarder that can be told to
 * answer, break or die per request; a server that accepts and never answers; one that resets every
 * connection. Each tracks its sockets so `close()` ends them all and a test never leaves one open.
 */
import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { createServer as createHttpServer, request as httpRequest, type IncomingMessage, type ServerResponse } from "node:http";
import { createServer as createNetServer, type AddressInfo, type Server, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

export interface Listening {
  url: string;
  port: number;
  close(): Promise<void>;
}

function track(server: Server): Set<Socket> {
  const sockets = new Set<Socket>();
  server.on("connection", (s: Socket) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  return sockets;
}

async function start(server: Server, sockets: Set<Socket>): Promise<Listening> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  let closed = false;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        if (closed) return resolve();
        closed = true;
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** What a forwarder does with one request. */
export type Action = "pass" | "reset" | "hang" | { status: number; body: string; contentType?: string };

/**
 * An HTTP server that forwards to `target` unless `decide` says otherwise. `decide` sees the method
 * and path; `after` runs once a forwarded answer has been sent (to kill the target mid-run).
 */
export async function forwarder(
  target: string,
  decide: (method: string, path: string) => Action = () => "pass",
  after?: (method: string, path: string, status: number) => void,
): Promise<Listening & { requests: { method: string; path: string }[] }> {
  const requests: { method: string; path: string }[] = [];
  const t = new URL(target);
  const server = createHttpServer((req: IncomingMessage, res: ServerResponse) => {
    const method = req.method ?? "GET";
    const path = req.url ?? "/";
    requests.push({ method, path });
    const action = decide(method, path);
    if (action === "reset") return req.socket.destroy();
    if (action === "hang") return;
    if (typeof action === "object") {
      res.writeHead(action.status, { "content-type": action.contentType ?? "application/json" });
      return res.end(action.body);
    }
    const out = httpRequest({ host: t.hostname, port: t.port, method, path, headers: req.headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
      res.on("finish", () => after?.(method, path, up.statusCode ?? 0));
    });
    out.on("error", () => req.socket.destroy());
    req.pipe(out);
  });
  const listening = await start(server, track(server));
  return { ...listening, requests };
}

/** Accepts TCP connections and never says a word. */
export async function silentServer(onConnect?: () => void): Promise<Listening> {
  const server = createNetServer((s) => {
    s.on("error", () => undefined);
    onConnect?.();
  });
  return start(server, track(server));
}

/** Resets every connection as soon as a request arrives. */
export async function resettingServer(): Promise<Listening & { hits: () => number }> {
  let hits = 0;
  const server = createNetServer((s) => {
    s.on("error", () => undefined);
    s.once("data", () => {
      hits++;
      s.resetAndDestroy();
    });
  });
  return { ...(await start(server, track(server))), hits: () => hits };
}

/** A plain HTTP server with a handler (fake Admin APIs). */
export async function httpServer(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<Listening> {
  const server = createHttpServer(handler);
  return start(server, track(server));
}

/** A port nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const s = await silentServer();
  await s.close();
  return s.port;
}

const ECHO_SERVICE = "name: echo-service\nurl: http://httpbin.konghq.com/anything\n";
const ECHO_ROUTE = "name: echo-route\npaths:\n  - /echo\nprotocols:\n  - http\n  - https\nservice:\n  name: echo-service\n";

/** A minimal checkout in a tmp folder: `pages` maps a name under app/_how-tos/t/ to its text. */
export function tmpCheckout(pages: Record<string, string>, extra: Record<string, string> = {}): string {
  const root = mkdtempSync(join(tmpdir(), "docval-rel-"));
  const files: Record<string, string> = {
    "jekyll.yml": "title: reliability fixtures\n",
    "app/_data/entity_examples/gateway/services/echo-service.yml": ECHO_SERVICE,
    "app/_data/entity_examples/gateway/routes/echo-route.yml": ECHO_ROUTE,
    ...Object.fromEntries(Object.entries(pages).map(([name, text]) => [`app/_how-tos/t/${name}`, text])),
    ...extra,
  };
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), text);
  }
  return root;
}

/** A page: front matter with the echo service and route as prerequisites, then `body`. */
export function page(title: string, body: string, entities = true): string {
  const pre = entities ? "prereqs:\n  entities:\n    services:\n      - echo-service\n    routes:\n      - echo-route\n" : "";
  return `---\ntitle: ${title}\nproducts:\n  - gateway\n${pre}---\n\n${body}`;
}

export function check(url: string, status = 200, extra = ""): string {
  return `{% validation request-check %}\nurl: ${url}\nstatus_code: ${status}\n${extra}{% endvalidation %}\n`;
}
