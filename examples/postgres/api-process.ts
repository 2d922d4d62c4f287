// One stateless Bookwell API process on PostgreSQL, meant to run behind a reverse proxy:
//   node api-process.ts --database-url postgres://… [--port 3001] [--host 127.0.0.1]
// Start as many as you like on one database; each prints `listening on <url>` when ready.
import { parseArgs } from "node:util";
import { serve } from "@bookwell/server-adapter/node";
import { createPostgresStorage } from "@bookwell/server-adapter/postgres";

const { values } = parseArgs({
  options: {
    "database-url": { type: "string" },
    port: { type: "string", default: "3001" },
    host: { type: "string", default: "127.0.0.1" },
  },
});
const connectionString = values["database-url"] ?? process.env.DATABASE_URL;
if (!connectionString) {
  console.error("api-process: give --database-url or set DATABASE_URL");
  process.exit(2);
}

// Migrations run here, under an advisory lock: processes starting together migrate once.
const storage = await createPostgresStorage({ connectionString, maxConnections: 10 });
const server = await serve({
  storage,
  port: Number(values.port),
  hostname: values.host,
  // Behind a proxy every request comes from the proxy's address: rate-limit by the client address
  // the proxy puts in X-Forwarded-For instead. Only safe when the proxy overwrites that header.
  rateLimit: { trustProxy: true },
});
console.log(`listening on ${server.url} (pid ${process.pid})`);

const stop = () => {
  server.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
