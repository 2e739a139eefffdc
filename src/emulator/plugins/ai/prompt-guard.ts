/** ai-prompt-guard (771): allow/deny regex lists over the prompt; a blocked prompt gets 400 before any LLM call. */
import type { Diagnostic } from "../../../core/diagnostic.js";
import type { EmulatedPlugin } from "../types.js";
import { isObj, parseJson, type Json } from "./conf.js";
import { badRequest } from "./kong-error.js";
import { compilePcre, matches } from "./pcre.js";
import { textOf } from "./drivers/driver.js";

interface PromptGuardConf {
  allow_patterns?: string[] | null;
  deny_patterns?: string[] | null;
  allow_all_conversation_history?: boolean | null;
  match_all_roles?: boolean | null;
  llm_format?: string | null;
}

/** The texts the guard inspects: user messages (all roles with match_all_roles), or only the last one. */
function promptTexts(body: Json, conf: PromptGuardConf): string[] {
  if (typeof body.prompt === "string") return [body.prompt];
  if (!Array.isArray(body.messages)) return [];
  const msgs = body.messages.filter(isObj).filter((m) => conf.match_all_roles === true || m.role === "user");
  const picked = conf.allow_all_conversation_history === true ? msgs.slice(-1) : msgs;
  return picked.map((m) => textOf(m.content));
}

export const aiPromptGuard: EmulatedPlugin<PromptGuardConf> = {
  name: "ai-prompt-guard",
  priority: 771,
  fidelity: "partial",
  gaps: ["patterns use JavaScript regex semantics over UTF-8 bytes; PCRE-only syntax (inline flags mid-pattern, possessive quantifiers) is rejected at config time"],
  validate(conf) {
    const out: Diagnostic[] = [];
    for (const p of [...(conf.allow_patterns ?? []), ...(conf.deny_patterns ?? [])]) {
      const c = compilePcre(p);
      if (c.error) out.push({ code: "emulator/ai-prompt-guard-pattern", kind: "config", message: `pattern '${p}' cannot be compiled: ${c.error}` });
    }
    if ((conf.allow_patterns ?? []).length === 0 && (conf.deny_patterns ?? []).length === 0) {
      out.push({ code: "emulator/ai-prompt-guard-empty", kind: "config", message: "at least one of these fields must be non-empty: 'config.allow_patterns', 'config.deny_patterns'" });
    }
    return out;
  },
  access(ctx, conf) {
    if (conf.llm_format && conf.llm_format !== "openai") {
      ctx.unemulated.add("ai-prompt-guard");
      return;
    }
    const body = parseJson(ctx.request.body);
    if (!body) return badRequest("content-type header does not match request body, or bad JSON formatting");
    const deny = (conf.deny_patterns ?? []).map(compilePcre);
    const allow = (conf.allow_patterns ?? []).map(compilePcre);
    for (const text of promptTexts(body, conf)) {
      if (deny.some((d) => matches(d, text))) return badRequest("prompt pattern is blocked");
      if (allow.length > 0 && !allow.some((a) => matches(a, text))) return badRequest("prompt doesn't match any allowed pattern");
    }
  },
};
