// Entry of dist/locales/en.js (script-tag build): registers the texts with the bookwell.js
// that loaded it.
import { loaderRegistry } from "../../lib/beside-script.js";
import { en } from "../en.js";

loaderRegistry().locales.en = en;
