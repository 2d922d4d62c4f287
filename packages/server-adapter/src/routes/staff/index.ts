// Every staff route, in documentation order.

import type { AnyRouteSpec } from "../define.js";

/** The staff routes. */
export const staffRoutes: readonly AnyRouteSpec[] = [];
