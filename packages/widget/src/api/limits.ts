// The server's length limits on what a patient types: POST /v1/bookings `client.*` and the manage
// link's cancel `reason`. The widget cannot import the server's zod schemas (it never bundles
// server code); test/server-limits.test.ts checks these against the server's OpenAPI document,
// so a change on the server fails the widget's tests instead of drifting.

/** Maximum lengths, in characters, of the patient's fields. */
export const fieldLimits = {
  name: 200,
  email: 254,
  phone: 40,
  notes: 2000,
  cancelReason: 500,
} as const;
