// Entry of dist/locales/pt.js (script-tag build): registers the texts with the bookwell.js
// that loaded it.
import { loaderRegistry } from "../../lib/beside-script.js";
import { pt } from "../pt.js";

loaderRegistry().locales.pt = pt;
