// A tiny round-robin HTTP reverse proxy (node:http) standing in for nginx, Caddy, HAProxy or a
// cloud load balancer. It is for this example only: no TLS, no health checks, no retries.
import { Agent, createServer, type IncomingHttpHeaders, request } from "node:http";
import type { AddressInfo } from "node:net";

/** A running proxy. */
export interface RunningProxy {
  /** e.g. `http://127.0.0.1:5190`. */
  url: string;
  /** How many requests each upstream received, in the order of `upstreams`. */
  served: number[];
  close(): Promise<void>;
}

/** Headers that describe one hop and must not be forwarded. */
const HOP_BY_HOP = new Set([
  "connection",
  "keep-alive",
  "proxy-connection",
  "transfer-encoding",
  "te",
  "trailer",
  "upgrade",
]);

function forwardable(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  return Object.fromEntries(
    Object.entries(headers).filter(([name]) => !HOP_BY_HOP.has(name.toLowerCase())),
  );
}

/**
 * Starts a proxy on 127.0.0.1 that sends each request to the next upstream in turn. It sets
 * `X-Forwarded-For` to the client's socket address, replacing whatever the client sent (Bookwell
 * with `trustProxy` rate-limits by that header), and tags each answer with `X-Upstream: <index>`.
 *
 * @example
 * const proxy = await startProxy(["http://127.0.0.1:3001", "http://127.0.0.1:3002"], 5190);
 */
export function startProxy(upstreams: readonly string[], port = 0): Promise<RunningProxy> {
  if (upstreams.length === 0) throw new RangeError("give at least one upstream");
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const served = upstreams.map(() => 0);
  let turn = 0;
  const server = createServer((req, res) => {
    const index = turn++ % upstreams.length;
    served[index] = (served[index] ?? 0) + 1;
    const target = new URL(req.url ?? "/", upstreams[index]);
    const upstream = request(
      target,
      {
        method: req.method,
        agent,
        headers: {
          ...forwardable(req.headers),
          host: target.host,
          "x-forwarded-for": req.socket.remoteAddress ?? "",
          "x-forwarded-proto": "http",
          ...(req.headers.host ? { "x-forwarded-host": req.headers.host } : {}),
        },
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, {
          ...forwardable(answer.headers),
          "x-upstream": String(index),
        });
        answer.pipe(res);
      },
    );
    upstream.on("error", () => {
      if (!res.headersSent) res.writeHead(502, { "content-type": "text/plain; charset=utf-8" });
      res.end("Bad gateway\n");
    });
    req.pipe(upstream);
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      const { port: actual } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${actual}`,
        served,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
            agent.destroy();
          }),
      });
    });
  });
}
