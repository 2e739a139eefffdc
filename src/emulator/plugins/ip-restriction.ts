/**
 * ip-restriction (priority 990): deny list first, then allow list, with CIDR ranges; a block answers
 * `status` (default 403) with `message` (default "IP address not allowed: <ip>").
 */
import { BlockList, isIPv4 } from "node:net";
import { diag } from "../../core/diagnostic.js";
import type { EmulatedPlugin } from "./types.js";
import { kongError } from "./util.js";

interface Conf {
  allow?: string[] | null;
  deny?: string[] | null;
  status?: number | null;
  message?: string | null;
}

function listOf(entries: string[] | null | undefined): BlockList | undefined {
  if (!entries?.length) return undefined;
  const bl = new BlockList();
  for (const e of entries) {
    const [addr, bits] = e.split("/");
    const type = isIPv4(addr) ? "ipv4" : "ipv6";
    try {
      if (bits !== undefined) bl.addSubnet(addr, Number(bits), type);
      else bl.addAddress(addr, type);
    } catch {
      // invalid entries are rejected by the schema; ignore here
    }
  }
  return bl;
}

export const ipRestriction: EmulatedPlugin<Conf> = {
  name: "ip-restriction",
  priority: 990,
  fidelity: "full",
  defaults: () => ({}),
  validate(conf) {
    return conf.allow?.length || conf.deny?.length ? [] : [diag("emulator/ip-none", "config", "at least one of these fields must be non-empty: 'config.allow', 'config.deny'")];
  },
  access(ctx, conf) {
    const ip = ctx.request.clientIp;
    const type = isIPv4(ip) ? "ipv4" : "ipv6";
    const deny = listOf(conf.deny);
    const allow = listOf(conf.allow);
    const blocked = (deny && deny.check(ip, type)) || (allow && !allow.check(ip, type));
    if (blocked) return kongError(ctx, conf.status ?? 403, conf.message ?? `IP address not allowed: ${ip}`);
  },
};
