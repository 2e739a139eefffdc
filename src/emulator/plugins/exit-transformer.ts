/**
 * exit-transformer (priority 9999): rewrites Kong-generated exits with Lua `functions`, which the
 * emulator cannot run. Responses it would touch (Kong's own answers) are marked unemulated;
 * proxied upstream answers are left alone, as Kong does.
 */
import type { EmulatedPlugin } from "./types.js";

export const KONG_EXIT_FLAG = "kong-exit";

export const exitTransformer: EmulatedPlugin<Record<string, unknown>> = {
  name: "exit-transformer",
  priority: 9999,
  fidelity: "partial",
  gaps: ["the Lua `functions` are not run; every Kong-generated exit on its path is reported unemulated"],
  response(ctx, _conf, reply) {
    if (ctx.shared.get(KONG_EXIT_FLAG)) ctx.unemulated.add("exit-transformer");
    return reply;
  },
};
