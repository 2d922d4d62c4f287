// Entry of dist/chunks/steps.js (script-tag build): registers the chunk with the bookwell.js
// that loaded it.
import * as chunk from "../../booking/later-steps.js";
import { loaderRegistry } from "../../lib/beside-script.js";

loaderRegistry().chunks.steps = chunk;
