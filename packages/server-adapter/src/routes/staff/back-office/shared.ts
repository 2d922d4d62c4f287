// Helpers of the back-office routes: how one is declared, PDF and CSV replies, the raw upload of
// an import.

import { type ExportDates, type ExportDelimiter, redelimitCsv } from "../../../csv/delimit.js";
import { charsetOf } from "../../../csv/parse.js";
import { BookwellError } from "../../../errors.js";
import { type PrintableDocument, pdfAsText, renderDocumentPdf } from "../../../pdf/document-pdf.js";
import type { RequestContext } from "../../../services/context.js";
import type { Reply } from "../../define.js";
import { routesAt } from "../../group.js";
import { idParam } from "../../schemas/public.js";
import { staffRoutes } from "../shared.js";

/** The OpenAPI tag of the back-office routes. */
export const BACK_OFFICE_TAGS = ["staff", "back office"] as const;

/**
 * Declares a back-office route: a {@link staffRoute} with the back-office tags.
 *
 * @example
 * export const getCase = backOfficeRoute({
 *   method: "get", path: "/v1/staff/cases/:id", operationId: "backOfficeGetCase",
 *   summary: "A case", params: idParam, responses: { 200: "The case" },
 *   command: ({ params }, work) => readCase(work, params.id), runs: "read",
 *   reply: replyAs(200, "case", presentCase),
 * });
 */
export const backOfficeRoute = staffRoutes(BACK_OFFICE_TAGS);

/**
 * The back-office routes of one appointment, at `/v1/staff/appointments/:id` (see
 * {@link routesAt}).
 *
 * @example
 * export const billing = appointmentOffice.get("/billing", { operationId: "backOfficeVisitBilling", … });
 */
export const appointmentOffice = routesAt(backOfficeRoute, "/v1/staff/appointments/:id", idParam);

/**
 * A PDF reply (the file is 7-bit clean, so it travels as a text body unchanged).
 *
 * @example
 * return pdfReply(printableDocument(record), "INV-2026-00001.pdf");
 */
export async function pdfReply(doc: PrintableDocument, filename: string): Promise<Reply> {
  const bytes = await renderDocumentPdf(doc);
  return {
    status: 200,
    text: pdfAsText(bytes),
    contentType: "application/pdf",
    headers: {
      "content-disposition": `inline; filename="${filename.replace(/[^\w.-]+/g, "-")}"`,
      "cache-control": "private, no-store",
    },
  };
}

/**
 * A CSV download, with commas or the separator asked for (`delimiter=semicolon` for Excel in
 * Portugal and Spain, which also writes the decimals of `decimalColumns` with a decimal comma and
 * the instants of `dates` as local date-times).
 *
 * @example
 * return csvReply(servicesCsv(services), "services.csv", "semicolon", ["price"]);
 */
export function csvReply(
  csv: string,
  filename: string,
  delimiter: ExportDelimiter = "comma",
  decimalColumns: readonly string[] = [],
  dates?: ExportDates,
): Reply {
  return {
    status: 200,
    text: redelimitCsv(csv, delimiter, decimalColumns, dates),
    contentType: "text/csv; charset=utf-8",
    headers: {
      "content-disposition": `attachment; filename="${filename}"`,
      "cache-control": "private, no-store",
    },
  };
}

const CSV_TYPES =
  /^(?:text\/csv|application\/csv|text\/plain|application\/vnd\.ms-excel|application\/octet-stream)\b/i;

/**
 * The raw bytes of an upload sent as `text/csv` (or a spreadsheet's CSV type), with the charset
 * its Content-Type declares, if any.
 *
 * @example
 * const { bytes, charset } = await uploadedCsv(ctx);
 */
export async function uploadedCsv(
  ctx: RequestContext,
): Promise<{ bytes: Uint8Array; charset: string | undefined }> {
  const type = ctx.hono.req.header("content-type") ?? "";
  if (!CSV_TYPES.test(type)) {
    throw new BookwellError("UNSUPPORTED_MEDIA_TYPE", "Send the file as text/csv (UTF-8)", {
      errors: [{ field: "headers.content-type", message: "must be text/csv" }],
    });
  }
  const bytes = new Uint8Array(await ctx.hono.req.arrayBuffer());
  if (bytes.length === 0) {
    throw new BookwellError("VALIDATION_FAILED", "The file is empty", {
      errors: [{ field: "(body)", message: "is empty" }],
    });
  }
  return { bytes, charset: charsetOf(type) };
}
