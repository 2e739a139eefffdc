/**
 * Embedded gateway benchmark (bounded): Admin API apply latency (DB-mode upserts and DB-less
 * POST /config) and proxy requests/second on loopback with a few concurrent clients.
 * Run: npm run bench:gateway  (or npx tsx bench/gateway.ts [seconds])
 */
import { request } from "undici";
import { startGateway } from "../src/emulator/server.js";

const SECONDS = Math.min(Number(process.argv[2] ?? 3), 10);
const CONCURRENCY = 8;

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))];

async function adminLatency(): Promise<void> {
  const gw = await startGateway();
  const times: number[] = [];
  for (let i = 0; i < 200; i++) {
    const t = performance.now();
    const r = await request(`${gw.adminUrl}/services/bench-${i % 20}`, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ url: "http://httpbin.konghq.com/anything", tags: ["bench"] }),
    });
    await r.body.text();
    times.push(performance.now() - t);
  }
  console.log(`admin PUT /services/{name}: n=${times.length} p50=${pct(times, 50).toFixed(2)} ms p95=${pct(times, 95).toFixed(2)} ms`);
  await gw.stop();

  const dbless = await startGateway({ dbless: true });
  const config = {
    _format_version: "3.0",
    services: Array.from({ length: 20 }, (_, i) => ({ name: `s${i}`, url: "http://httpbin.konghq.com/anything", routes: [{ name: `r${i}`, paths: [`/r${i}`] }] })),
    consumers: [{ username: "bench", keyauth_credentials: [{ key: "bench-key" }] }],
    plugins: [{ name: "key-auth" }],
  };
  const cfgTimes: number[] = [];
  for (let i = 0; i < 50; i++) {
    const t = performance.now();
    const r = await request(`${dbless.adminUrl}/config`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ ...config, _comment: String(i) }) });
    await r.body.text();
    cfgTimes.push(performance.now() - t);
  }
  console.log(`admin POST /config (20 services+routes): n=${cfgTimes.length} p50=${pct(cfgTimes, 50).toFixed(2)} ms p95=${pct(cfgTimes, 95).toFixed(2)} ms`);
  await dbless.stop();
}

async function proxyThroughput(): Promise<void> {
  const gw = await startGateway();
  const post = (path: string, body: unknown) =>
    request(`${gw.adminUrl}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) }).then((r) => r.body.text());
  await post("/services", { name: "s", url: "http://httpbin.konghq.com/anything" });
  await post("/services/s/routes", { paths: ["/bench"], protocols: ["http"] });
  await post("/services/s/plugins", { name: "key-auth" });
  await post("/consumers", { username: "u" });
  await post("/consumers/u/key-auth", { key: "k" });
  const deadline = Date.now() + SECONDS * 1000;
  let count = 0;
  let errors = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (Date.now() < deadline) {
        const r = await request(`${gw.proxyUrl}/bench/x`, { headers: { apikey: "k" } });
        await r.body.text();
        if (r.statusCode === 200) count++;
        else errors++;
      }
    }),
  );
  console.log(`proxy GET with key-auth → httpbin echo: ${(count / SECONDS).toFixed(0)} req/s over ${SECONDS}s, ${CONCURRENCY} clients, ${errors} non-200`);
  await gw.stop();
}

await adminLatency();
await proxyThroughput();
