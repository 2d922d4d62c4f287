// Entry of dist/chunks/times.js (script-tag build): registers the chunk with the bookwell.js
// that loaded it.
import * as chunk from "../../booking/time-step.js";
import { loaderRegistry } from "../../lib/beside-script.js";

loaderRegistry().chunks.times = chunk;
