export { checkBooking, computeSlots } from "./compute-slots.js";
export type { BookingCheckRequest, SlotQuery } from "./query.js";
export { bookingCheckSchema, slotQuerySchema } from "./query.js";
export type { Assignment, BookingCheck, Slot, Violation, ViolationCode } from "./types.js";
export { SOFT_VIOLATIONS, violationCodeSchema } from "./types.js";
