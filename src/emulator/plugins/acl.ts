/**
 * acl (priority 950): needs an authenticated consumer (401 "Unauthorized" otherwise); groups come
 * from the consumer's ACL credentials and, with `include_consumer_groups`, its consumer groups.
 * Not allowed → 403 "You cannot consume this service". Sets `X-Consumer-Groups` upstream.
 */
import { diag } from "../../core/diagnostic.js";
import type { EmulatedPlugin } from "./types.js";
import { kongError } from "./util.js";

interface Conf {
  allow?: string[] | null;
  deny?: string[] | null;
  hide_groups_header: boolean;
  include_consumer_groups: boolean;
  always_use_authenticated_groups: boolean;
}

export const acl: EmulatedPlugin<Conf> = {
  name: "acl",
  priority: 950,
  fidelity: "full",
  defaults: () => ({ hide_groups_header: false, include_consumer_groups: false, always_use_authenticated_groups: false }),
  validate(conf) {
    const allow = conf.allow?.length ?? 0;
    const deny = conf.deny?.length ?? 0;
    if (allow && deny) return [diag("emulator/acl-both", "config", "only one of these fields must be non-empty: 'config.allow', 'config.deny'")];
    if (!allow && !deny) return [diag("emulator/acl-none", "config", "at least one of these fields must be non-empty: 'config.allow', 'config.deny'")];
    return [];
  },
  access(ctx, conf) {
    let groups: string[] | undefined = ctx.authenticatedGroups;
    if (!groups || !conf.always_use_authenticated_groups) {
      if (!ctx.consumer) {
        if (!ctx.authenticatedGroups) return kongError(ctx, 401, "Unauthorized");
      } else {
        const own = ctx.store
          .list("acls")
          .filter((a) => (a.consumer as { id: string }).id === ctx.consumer?.id)
          .map((a) => String(a.group));
        groups = [...own, ...(conf.include_consumer_groups ? ctx.consumerGroups ?? [] : [])];
      }
    }
    const have = groups ?? [];
    const allowed = conf.allow?.length ? have.some((g) => conf.allow?.includes(g)) : !have.some((g) => conf.deny?.includes(g));
    if (!have.length && conf.allow?.length) return kongError(ctx, 403, "You cannot consume this service");
    if (!allowed) return kongError(ctx, 403, "You cannot consume this service");
    if (!conf.hide_groups_header && have.length) ctx.request.headers["x-consumer-groups"] = have.join(", ");
  },
};
