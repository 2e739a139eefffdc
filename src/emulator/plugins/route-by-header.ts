/**
 * route-by-header (priority 850): the first rule whose `condition` headers all match sends the
 * request to `upstream_name` (an Upstream entity) instead of the service's host.
 */
import type { EmulatedPlugin } from "./types.js";
import { header } from "./util.js";

interface Conf {
  rules: { condition: Record<string, string | string[]>; upstream_name: string }[];
}

export const routeByHeader: EmulatedPlugin<Conf> = {
  name: "route-by-header",
  priority: 850,
  fidelity: "full",
  defaults: () => ({ rules: [] }),
  access(ctx, conf) {
    for (const rule of conf.rules ?? []) {
      const ok = Object.entries(rule.condition ?? {}).every(([k, v]) => {
        const got = header(ctx.request.headers, k);
        return got !== undefined && (Array.isArray(v) ? v : [v]).includes(got);
      });
      if (ok && ctx.upstream) {
        ctx.upstream = { ...ctx.upstream, host: rule.upstream_name };
        return;
      }
    }
  },
};
