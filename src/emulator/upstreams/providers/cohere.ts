/** Cohere's v1 Chat and Generate APIs and the v1/v2 Embed API. */
import type { Upstream } from "../types.js";
import { CATALOGUE } from "./catalogue.js";
import { CREATED, bearer, countTokens, embedding, isString, jsonBody, jsonReply, replyText, splitUrl, stableId } from "./common.js";
import { KEY_FORMATS } from "./credentials.js";

const msg = (status: number, message: string) => jsonReply(status, { message });

export const cohere: Upstream = {
  name: "cohere",
  hosts: ["api.cohere.com", "api.cohere.ai"],
  handle(req) {
    const { path } = splitUrl(req.url);
    const routes = ["/v1/chat", "/v1/generate", "/v1/embed", "/v2/embed"];
    if (req.method !== "POST" || !routes.includes(path)) return msg(404, `no route for ${path}`);
    const token = bearer(req);
    if (token === undefined) return msg(401, "no api key supplied");
    if (!KEY_FORMATS.cohere.test(token)) return msg(401, "invalid api token");
    const body = jsonBody(req);
    if (!body) return msg(400, "invalid request: could not parse JSON body");
    const model = isString(body.model) ? body.model : path.endsWith("embed") ? undefined : "command-r-plus";
    if (!model) return msg(400, "invalid request: model must be specified");
    if (!(CATALOGUE.cohere as readonly string[]).includes(model)) {
      return msg(404, `model '${model}' not found, make sure the correct model ID was used and that you have access to the model.`);
    }
    const id = stableId("", req, 32);
    const billed = (input: number, output: number) => ({
      api_version: { version: "1" }, billed_units: { input_tokens: input, output_tokens: output }, tokens: { input_tokens: input, output_tokens: output },
    });
    if (path === "/v1/chat") {
      if (!isString(body.message)) return msg(400, "invalid request: message must be at least 1 token long or tool results must be specified.");
      const text = replyText("cohere", model, body.message);
      const history = Array.isArray(body.chat_history) ? body.chat_history : [];
      const input = countTokens(JSON.stringify(history) + " " + body.message + " " + String(body.preamble ?? ""));
      return jsonReply(200, {
        response_id: id, text, generation_id: id.split("").reverse().join(""),
        chat_history: [...history, { role: "USER", message: body.message }, { role: "CHATBOT", message: text }],
        finish_reason: "COMPLETE", meta: billed(input, countTokens(text)),
      });
    }
    if (path === "/v1/generate") {
      if (!isString(body.prompt)) return msg(400, "invalid request: prompt must be at least 1 token long.");
      const text = replyText("cohere", model, body.prompt);
      return jsonReply(200, {
        id, generations: [{ id, text, finish_reason: "COMPLETE" }], prompt: body.prompt, meta: billed(countTokens(body.prompt), countTokens(text)),
      });
    }
    const texts = body.texts;
    if (!Array.isArray(texts) || texts.length === 0) return msg(400, "invalid request: texts must not be empty");
    if (path === "/v2/embed" && !isString(body.input_type)) return msg(400, "invalid request: valid input_type must be provided with the provided model");
    const vectors = texts.map((t) => embedding(String(t)));
    return jsonReply(200, {
      id, texts, embeddings: path === "/v2/embed" ? { float: vectors } : vectors,
      response_type: path === "/v2/embed" ? "embeddings_by_type" : "embeddings_floats",
      meta: billed(countTokens(texts.join(" ")), 0), created: CREATED,
    });
  },
};
