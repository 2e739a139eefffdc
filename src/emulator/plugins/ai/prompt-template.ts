/**
 * ai-prompt-template (773): a request whose `messages` (chat) or `prompt` (completions) is
 * `{template://name}` is replaced by the named template, with `{{var}}` filled from `properties`.
 */
import type { EmulatedPlugin } from "../types.js";
import { parseJson } from "./conf.js";
import { badRequest } from "./kong-error.js";

interface PromptTemplateConf {
  templates: { name: string; template: string }[];
  allow_untemplated_requests?: boolean | null;
}

const REF = /^\{template:\/\/([^}]+)\}$/;
const VAR = /\{\{([A-Za-z0-9_]+)\}\}/g;

export const aiPromptTemplate: EmulatedPlugin<PromptTemplateConf> = {
  name: "ai-prompt-template",
  priority: 773,
  fidelity: "full",
  access(ctx, conf) {
    const body = parseJson(ctx.request.body);
    if (!body) return badRequest("content-type header does not match request body, or bad JSON formatting");
    const ref = typeof body.messages === "string" ? body.messages : typeof body.prompt === "string" ? body.prompt : undefined;
    const m = ref === undefined ? null : REF.exec(ref.trim());
    if (!m) {
      if (conf.allow_untemplated_requests === false) return badRequest("this LLM route only supports templated requests");
      return;
    }
    const tpl = (conf.templates ?? []).find((t) => t.name === m[1]);
    if (!tpl) return badRequest(`could not find template name [${m[1]}]`);
    const props = (body.properties ?? {}) as Record<string, unknown>;
    const missing: string[] = [];
    // Values go into JSON text, so they are escaped as JSON string content.
    const filled = tpl.template.replace(VAR, (_, name: string) => {
      if (props[name] === undefined) {
        missing.push(name);
        return "";
      }
      return JSON.stringify(String(props[name])).slice(1, -1);
    });
    if (missing.length > 0) return badRequest(`missing template parameters: [${missing.join(", ")}]`);
    const rendered = parseJson(Buffer.from(filled));
    if (!rendered) return badRequest("failed to parse template to JSON: the rendered template is not a JSON object");
    const { properties: _p, messages: _m, prompt: _pr, ...rest } = body;
    ctx.request.body = Buffer.from(JSON.stringify({ ...rest, ...rendered }));
    delete ctx.request.headers["content-length"];
  },
};
