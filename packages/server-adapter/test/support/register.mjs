// `node --import ./test/support/register.mjs src/cli.ts …` runs the CLI from its sources.
import { register } from "node:module";

register("./ts-hooks.mjs", import.meta.url);
