// Entry of dist/chunks/manage.js (script-tag build): registers the chunk with the bookwell.js
// that loaded it.

import { loaderRegistry } from "../../lib/beside-script.js";
import * as chunk from "../../manage/manage-app.js";

loaderRegistry().chunks.manage = chunk;
