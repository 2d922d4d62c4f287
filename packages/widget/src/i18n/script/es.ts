// Entry of dist/locales/es.js (script-tag build): registers the texts with the bookwell.js
// that loaded it.
import { loaderRegistry } from "../../lib/beside-script.js";
import { es } from "../es.js";

loaderRegistry().locales.es = es;
