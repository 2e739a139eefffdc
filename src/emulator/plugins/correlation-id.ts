/**
 * correlation-id (priority 100001): keeps the client's `header_name` value or generates one
 * (`uuid`, `uuid#` with a per-instance counter, `tracker`), sends it upstream and, with
 * `echo_downstream`, back to the client.
 */
import { randomUUID } from "node:crypto";
import type { EmulatedPlugin } from "./types.js";
import { header } from "./util.js";

interface Conf {
  header_name: string;
  generator: "uuid" | "uuid#" | "tracker";
  echo_downstream: boolean;
}

export const correlationId: EmulatedPlugin<Conf> = {
  name: "correlation-id",
  priority: 100001,
  fidelity: "full",
  defaults: () => ({ header_name: "Kong-Request-ID", generator: "uuid#", echo_downstream: false }),
  access(ctx, conf, plugin) {
    const name = (conf.header_name ?? "Kong-Request-ID").toLowerCase();
    let id = header(ctx.request.headers, name);
    if (!id) {
      if (conf.generator === "uuid") id = randomUUID();
      else if (conf.generator === "tracker") id = `${ctx.request.clientIp}-${Date.now()}-${Math.floor(Math.random() * 1e6)}`;
      else {
        const key = `correlation:${plugin.id}`;
        const state = ctx.pluginState ?? ctx.shared;
        const seed = (state.get(key) as { base: string; n: number } | undefined) ?? { base: randomUUID(), n: 0 };
        seed.n++;
        state.set(key, seed);
        id = `${seed.base}#${seed.n}`;
      }
      ctx.request.headers[name] = id;
    }
    ctx.shared.set("correlation-id", id);
  },
  response(ctx, conf, reply) {
    if (!conf.echo_downstream) return reply;
    const id = ctx.shared.get("correlation-id");
    return typeof id === "string" ? { ...reply, headers: { ...reply.headers, [(conf.header_name ?? "Kong-Request-ID").toLowerCase()]: id } } : reply;
  },
};
