// Connections PostgreSQL ends under a Bookwell transaction, reproduced byte for byte with a fake
// server on 127.0.0.1 (no PostgreSQL needed): the process must survive, the caller gets
// `UNAVAILABLE`, and the broken connection is not reused.

import { createServer, type Server, type Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { isStorageError } from "../errors.js";
import { createPostgresStorage } from "./postgres-storage.js";

/** One backend message: type byte, length, body. */
function message(type: string, body: Buffer): Buffer {
  const head = Buffer.alloc(5);
  head.write(type, 0, "latin1");
  head.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([head, body]);
}

const authenticationOk = message("R", Buffer.from([0, 0, 0, 0]));
const readyForQuery = message("Z", Buffer.from("I"));
const terminating = message(
  "E",
  Buffer.from(
    "SFATAL\0VFATAL\0C57P01\0Mterminating connection due to administrator command\0\0",
    "latin1",
  ),
);

/** A server that accepts a connection, says it is ready and, in the same write, ends it. */
function fakePostgres(): Promise<{ server: Server; url: string; connections: () => number }> {
  let connections = 0;
  const server = createServer((socket: Socket) => {
    connections += 1;
    socket.once("data", () => {
      socket.end(Buffer.concat([authenticationOk, readyForQuery, terminating]));
    });
    socket.on("error", () => undefined);
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      resolve({
        server,
        url: `postgres://bookwell@127.0.0.1:${port}/bookwell`,
        connections: () => connections,
      });
    });
  });
}

describe("postgres storage when the server ends a connection", () => {
  let server: Server | undefined;
  afterEach(async () => {
    await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  });

  it("regression: a connection ended in the same read as its 'ready' crashed the process (the client's error listener came a tick late); now the transaction fails with UNAVAILABLE", async () => {
    const fake = await fakePostgres();
    server = fake.server;
    const storage = await createPostgresStorage({ connectionString: fake.url, migrate: false });
    try {
      for (let attempt = 0; attempt < 3; attempt += 1) {
        const error = await storage
          .transaction(async (tx) => tx.getClinic("clinic-a"))
          .then(() => undefined)
          .catch((e: unknown) => e);
        expect(isStorageError(error, "UNAVAILABLE"), String(error)).toBe(true);
      }
      // Every attempt got a new connection: a broken one is never handed out again.
      expect(fake.connections()).toBe(3);
      // A read outside a transaction (pg-pool's own query path) answers the same.
      const read = await storage.getClinic("clinic-a").catch((e: unknown) => e);
      expect(isStorageError(read, "UNAVAILABLE"), String(read)).toBe(true);
    } finally {
      await storage.close();
    }
  });
});
