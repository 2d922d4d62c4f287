// Standalone Node server entry (@bookwell/server-adapter/node). Owned by the app engineer.

/** Package name, until the Node server lands. */
export const NODE_ENTRY = "@bookwell/server-adapter/node";
