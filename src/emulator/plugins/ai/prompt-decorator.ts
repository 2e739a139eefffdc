/** ai-prompt-decorator (772): adds configured messages before and after the client's chat messages. */
import type { EmulatedPlugin } from "../types.js";
import { parseJson } from "./conf.js";
import { badRequest } from "./kong-error.js";

interface Msg {
  role?: string | null;
  content: string;
}

interface PromptDecoratorConf {
  prompts?: { prepend?: Msg[] | null; append?: Msg[] | null } | null;
  llm_format?: string | null;
}

export const aiPromptDecorator: EmulatedPlugin<PromptDecoratorConf> = {
  name: "ai-prompt-decorator",
  priority: 772,
  fidelity: "full",
  access(ctx, conf) {
    if (conf.llm_format && conf.llm_format !== "openai") {
      ctx.unemulated.add("ai-prompt-decorator");
      return;
    }
    const body = parseJson(ctx.request.body);
    if (!body) return badRequest("content-type header does not match request body, or bad JSON formatting");
    if (!Array.isArray(body.messages)) return badRequest("this LLM route only supports llm/chat type requests");
    const norm = (m: Msg) => ({ role: m.role ?? "system", content: m.content });
    body.messages = [...(conf.prompts?.prepend ?? []).map(norm), ...body.messages, ...(conf.prompts?.append ?? []).map(norm)];
    ctx.request.body = Buffer.from(JSON.stringify(body));
    delete ctx.request.headers["content-length"];
  },
};
