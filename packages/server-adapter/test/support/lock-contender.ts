// A process that contends for PGlite directory locks, for the lock race test: for each line
// `go <dir>` on stdin it tries `lockDirectory(dir)` and prints `<dir> took` or `<dir> locked`,
// keeping what it took until it is killed.

import { createInterface } from "node:readline";
import { isStorageError } from "../../src/storage/errors.js";
import { type DirectoryLock, lockDirectory } from "../../src/storage/pglite/directory-lock.js";

const kept: DirectoryLock[] = [];
const lines = createInterface({ input: process.stdin });
process.stdout.write("ready\n");
lines.on("line", (line) => {
  const dir = line.startsWith("go ") ? line.slice(3) : undefined;
  if (!dir) return;
  lockDirectory(dir).then(
    (lock) => {
      kept.push(lock);
      process.stdout.write(`${dir} took\n`);
    },
    (error: unknown) => {
      process.stdout.write(
        `${dir} ${isStorageError(error, "LOCKED") ? "locked" : String(error)}\n`,
      );
    },
  );
});
