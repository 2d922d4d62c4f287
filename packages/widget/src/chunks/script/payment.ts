// Entry of dist/chunks/payment.js (script-tag build): registers the chunk with the bookwell.js
// that loaded it.
import * as chunk from "../../booking/payment-step.js";
import { loaderRegistry } from "../../lib/beside-script.js";

loaderRegistry().chunks.payment = chunk;
