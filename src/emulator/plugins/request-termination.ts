/**
 * request-termination (priority 2): answers `status_code` (503) with `{"message": …}` (a default per
 * status, or an empty body), or raw `body` with `content_type`; `echo` returns the request;
 * `trigger` limits it to requests carrying that header or query argument.
 */
import type { EmulatedPlugin } from "./types.js";
import { header, jsonReply, kongExit } from "./util.js";

interface Conf {
  status_code: number;
  message?: string | null;
  body?: string | null;
  content_type?: string | null;
  trigger?: string | null;
  echo: boolean;
}

const DEFAULT_MESSAGES: Record<number, string> = {
  401: "Unauthorized",
  404: "Not found",
  405: "Method not allowed",
  500: "An unexpected error occurred",
  502: "Bad Gateway",
  503: "Service unavailable",
};

export const requestTermination: EmulatedPlugin<Conf> = {
  name: "request-termination",
  priority: 2,
  fidelity: "full",
  defaults: () => ({ status_code: 503, echo: false }),
  access(ctx, conf) {
    if (conf.trigger && header(ctx.request.headers, conf.trigger) === undefined && !ctx.request.query.has(conf.trigger)) return;
    const status = conf.status_code ?? 503;
    if (conf.echo) {
      return jsonReply(status, {
        message: conf.message ?? DEFAULT_MESSAGES[status],
        kong: { node_id: null, worker_pid: process.pid, route_id: ctx.route.id ?? null, service_id: ctx.service?.id ?? null, consumer_id: ctx.consumer?.id ?? null },
        request: {
          scheme: ctx.request.scheme,
          host: ctx.request.host,
          path: ctx.request.path,
          method: ctx.request.method,
          headers: ctx.request.headers,
          query: Object.fromEntries(ctx.request.query),
          raw_body: ctx.request.body.toString("utf8"),
          uri_captures: { named: ctx.uriCaptures, unnamed: [] },
        },
      });
    }
    if (conf.body) return { status, headers: { "content-type": conf.content_type ?? "application/json; charset=utf-8" }, body: Buffer.from(conf.body) };
    const message = conf.message ?? DEFAULT_MESSAGES[status];
    return message === undefined ? { status, headers: {}, body: Buffer.alloc(0) } : kongExit(status, message);
  },
};
