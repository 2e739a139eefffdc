/**
 * Amazon Bedrock Runtime: Converse (chat) and InvokeModel (Titan/Cohere embeddings, Titan/Nova images).
 * The double cannot verify a SigV4 signature without the secret, so it checks that the Authorization
 * header is a well-formed SigV4 header scoped to this region and service, with a matching X-Amz-Date.
 */
import type { Reply } from "../../plugins/types.js";
import type { Upstream } from "../types.js";
import { CATALOGUE } from "./catalogue.js";
import { PNG_1X1, contentText, countTokens, embedding, header, jsonBody, jsonReply, replyText, splitUrl, type Json } from "./common.js";
import { KEY_FORMATS } from "./credentials.js";

export const BEDROCK_REGIONS = [
  "us-east-1", "us-east-2", "us-west-1", "us-west-2", "ca-central-1", "sa-east-1", "eu-west-1", "eu-west-2", "eu-west-3",
  "eu-central-1", "eu-north-1", "ap-northeast-1", "ap-northeast-2", "ap-south-1", "ap-southeast-1", "ap-southeast-2",
];

function awsError(status: number, type: string, message: string): Reply {
  return jsonReply(status, { message }, { "x-amzn-errortype": `${type}:http://internal.amazon.com/coral/com.amazon.bedrock/` });
}

const SIGV4 = /^AWS4-HMAC-SHA256 Credential=([^/,\s]+)\/(\d{8})\/([a-z0-9-]+)\/([a-z0-9-]+)\/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/;

/** Why a SigV4 Authorization header is unacceptable for this region, or undefined when it is well formed. */
export function sigv4Problem(auth: string | undefined, amzDate: string | undefined, region: string): Reply | undefined {
  if (auth === undefined) return awsError(403, "MissingAuthenticationTokenException", "Missing Authentication Token");
  const m = SIGV4.exec(auth);
  if (!m) {
    return awsError(403, "IncompleteSignatureException", `Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. Authorization=${auth.split(" ")[0]}`);
  }
  const [, keyId, date, scopeRegion, service, signed] = m;
  if (!KEY_FORMATS.awsAccessKeyId.test(keyId)) return awsError(403, "UnrecognizedClientException", "The security token included in the request is invalid.");
  if (scopeRegion !== region) return awsError(403, "InvalidSignatureException", `Credential should be scoped to a valid region. `);
  if (service !== "bedrock") return awsError(403, "InvalidSignatureException", `Credential should be scoped to correct service: 'bedrock'. `);
  if (!signed.split(";").includes("host")) return awsError(403, "InvalidSignatureException", "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
  if (amzDate === undefined || !/^\d{8}T\d{6}Z$/.test(amzDate)) {
    return awsError(403, "IncompleteSignatureException", "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
  }
  if (amzDate.slice(0, 8) !== date) return awsError(403, "InvalidSignatureException", `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${date}' != '${amzDate.slice(0, 8)}'`);
  return undefined;
}

const PATH = /^\/model\/([^/]+)\/(converse|invoke)$/;

export const bedrock: Upstream = {
  name: "bedrock",
  hosts: BEDROCK_REGIONS.map((r) => `bedrock-runtime.${r}.amazonaws.com`),
  handle(req) {
    const region = /^bedrock-runtime\.([a-z0-9-]+)\.amazonaws\.com$/.exec(req.host)?.[1] ?? "";
    const { path } = splitUrl(req.url);
    const m = PATH.exec(path);
    if (req.method !== "POST" || !m) return awsError(404, "UnknownOperationException", "UnknownOperationException");
    const problem = sigv4Problem(header(req, "authorization"), header(req, "x-amz-date"), region);
    if (problem) return problem;
    const model = decodeURIComponent(m[1]);
    if (!(CATALOGUE.bedrock as readonly string[]).includes(model)) return awsError(400, "ValidationException", "The provided model identifier is invalid.");
    const body = jsonBody(req);
    if (!body) return awsError(400, "ValidationException", "Malformed input request, please reformat your input and try again.");
    return m[2] === "converse" ? converse(model, body) : invoke(model, body);
  },
};

function converse(model: string, body: Json): Reply {
  const msgs = body.messages;
  if (!Array.isArray(msgs) || msgs.length === 0) {
    return awsError(400, "ValidationException", "1 validation error detected: Value null at 'messages' failed to satisfy constraint: Member must not be null");
  }
  const text = (m: Json | undefined): string =>
    Array.isArray(m?.content) ? (m.content as Json[]).map((c) => (typeof c?.text === "string" ? c.text : "")).join("") : contentText(m?.content);
  if ((msgs[0] as Json)?.role !== "user") {
    return awsError(400, "ValidationException", "A conversation must start with a user message. Try again with a conversation that starts with a user message.");
  }
  const lastUser = [...(msgs as Json[])].reverse().find((x) => x.role === "user");
  const answer = replyText("bedrock", model, text(lastUser));
  const systemText = Array.isArray(body.system) ? (body.system as Json[]).map((s) => String(s?.text ?? "")).join(" ") : "";
  const input = countTokens(systemText + " " + (msgs as Json[]).map(text).join(" "));
  const output = countTokens(answer);
  return jsonReply(200, {
    output: { message: { role: "assistant", content: [{ text: answer }] } },
    stopReason: "end_turn",
    usage: { inputTokens: input, outputTokens: output, totalTokens: input + output },
    metrics: { latencyMs: 1 },
  });
}

function invoke(model: string, body: Json): Reply {
  if (model.startsWith("amazon.titan-embed")) {
    if (typeof body.inputText !== "string") return awsError(400, "ValidationException", "Malformed input request: #: required key [inputText] not found, please reformat your input and try again.");
    const dims = typeof body.dimensions === "number" ? body.dimensions : 8;
    return jsonReply(200, { embedding: embedding(body.inputText, dims), inputTextTokenCount: countTokens(body.inputText) });
  }
  if (model.startsWith("cohere.embed")) {
    if (!Array.isArray(body.texts)) return awsError(400, "ValidationException", "Malformed input request: #: required key [texts] not found, please reformat your input and try again.");
    return jsonReply(200, { embeddings: (body.texts as unknown[]).map((t) => embedding(String(t))), id: "docval", response_type: "embeddings_floats", texts: body.texts });
  }
  if (model.includes("image-generator") || model.includes("nova-canvas")) {
    const p = (body.textToImageParams as Json | undefined)?.text;
    if (body.taskType !== "TEXT_IMAGE" || typeof p !== "string") {
      return awsError(400, "ValidationException", "Malformed input request: #: required key [textToImageParams] not found, please reformat your input and try again.");
    }
    const n = Number((body.imageGenerationConfig as Json | undefined)?.numberOfImages ?? 1);
    return jsonReply(200, { images: Array.from({ length: Math.max(1, n) }, () => PNG_1X1), error: null });
  }
  return awsError(400, "ValidationException", "The model does not support InvokeModel with this input in the double; use Converse.");
}
