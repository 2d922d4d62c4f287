// Invoices, credit notes and receipts e-mailed to the patient with their PDFs attached. The staff
// route (`POST /v1/staff/invoices/:id/email`, `POST /v1/staff/payments/:id/email`) queues one
// `notify.document` row naming the documents (never their bytes); the outbox worker renders each PDF
// from its frozen snapshot when it sends, so the attachment is byte for byte the PDF the staff
// routes serve, and a retry attaches the same bytes again.

import { z } from "zod";
import { type PrintableDocument, renderDocumentPdf } from "../pdf/document-pdf.js";
import { formatMoney, labelsFor } from "../pdf/format.js";
import { printableDocument, printableReceipt } from "../services/back-office/documents.js";
import type { StorageOperations } from "../storage/storage.js";
import type { MessageAttachment } from "./channel.js";
import { clientLocale } from "./compose.js";
import { type Composed, letterMessage, type MailRequest } from "./mail-request.js";
import { escapeHtml, fillTemplate, type TemplateLanguage, textsIn } from "./templates.js";

/** Outbox type of a document e-mail. */
export const DOCUMENT_MAIL_ROW_TYPE = "notify.document";

/** A document an e-mail attaches: an invoice or credit note by id, or a payment's receipt. */
export const attachedDocumentSchema = z.object({
  kind: z.enum(["invoice", "credit_note", "receipt"]),
  /** The invoice's or credit note's id, or the payment's id for a receipt. */
  id: z.string().min(1),
});
/** A document an e-mail attaches. */
export type AttachedDocument = z.infer<typeof attachedDocumentSchema>;

/** The payload of a `notify.document` row: who gets it and which documents, by reference. */
export const documentMailPayloadSchema = z.object({
  v: z.literal(1),
  clientId: z.string().min(1),
  /** The address it goes to, fixed when staff sent it. */
  email: z.string().min(3),
  documents: z.array(attachedDocumentSchema).min(1).max(5),
});
/** The payload of a `notify.document` row. */
export type DocumentMailPayload = z.infer<typeof documentMailPayloadSchema>;

/** The built-in texts; `{documents}` lists the attached documents' names and numbers. */
export const DOCUMENT_MAIL_TEXTS: Record<
  TemplateLanguage,
  { subject: string; intro: string; hello: string; and: string }
> = {
  en: {
    subject: "{clinic}: {documents}",
    intro: "Please find attached your {documents} from {clinic}.",
    hello: "Hello",
    and: "and",
  },
  pt: {
    subject: "{clinic}: {documents}",
    intro: "Segue em anexo {documents} da {clinic}.",
    hello: "Olá",
    and: "e",
  },
  es: {
    subject: "{clinic}: {documents}",
    intro: "Le enviamos adjunto {documents} de {clinic}.",
    hello: "Hola",
    and: "y",
  },
};

/** Why a document e-mail is not sent. */
export type DocumentMailDropReason = "document-gone" | "no-recipient";

/** Reads a referenced document's printable form (undefined when it is gone). */
async function printable(
  ops: StorageOperations,
  clinicId: string,
  ref: AttachedDocument,
): Promise<PrintableDocument | undefined> {
  if (ref.kind === "receipt") {
    const payment = await ops.getPayment(clinicId, ref.id);
    return payment?.meta.receipt ? printableReceipt(payment) : undefined;
  }
  const record = await ops.getBillingDocument(clinicId, ref.id);
  return record?.kind === ref.kind ? printableDocument(record) : undefined;
}

function titleOf(doc: PrintableDocument, locale: string): string {
  const labels = labelsFor(locale);
  const name =
    doc.kind === "invoice"
      ? labels.invoice
      : doc.kind === "credit_note"
        ? labels.creditNote
        : labels.receipt;
  return `${name} ${doc.number}`;
}

function listed(items: string[], and: string): string {
  if (items.length < 2) return items.join("");
  return `${items.slice(0, -1).join(", ")} ${and} ${items.at(-1)}`;
}

/**
 * The e-mail of a `notify.document` row: the documents' PDFs rendered from their snapshots and
 * attached, and in the text what the last one states (the balance outstanding and the package
 * lines), in the patient's language; or why none goes out (a document is gone, no address).
 *
 * @example
 * const result = await composeDocumentMail({ ops: storage, profile, row, payload, domain, now });
 */
export async function composeDocumentMail(
  request: MailRequest<DocumentMailPayload>,
): Promise<Composed<DocumentMailDropReason>> {
  const { ops, profile, payload } = request;
  const clinic = profile.clinic;
  const client = await ops.getClient(clinic.id, payload.clientId);
  if (!client || !payload.email) return { drop: "no-recipient" };
  const docs: PrintableDocument[] = [];
  for (const ref of payload.documents) {
    const doc = await printable(ops, clinic.id, ref);
    if (!doc) return { drop: "document-gone" };
    docs.push(doc);
  }
  const locale = await clientLocale(ops, clinic.id, client.id, clinic.locale);
  const { texts } = textsIn(DOCUMENT_MAIL_TEXTS, locale);
  const labels = labelsFor(locale);
  const titles = docs.map((d) => titleOf(d, locale));
  const vars = { clinic: clinic.name, documents: listed(titles, texts.and) };
  const subject = fillTemplate(texts.subject, vars);
  const intro = fillTemplate(texts.intro, vars);
  // The newest document states the balance and the packages as they are now.
  const latest = docs.at(-1) as PrintableDocument;
  const facts = [
    ...(latest.outstanding === null
      ? []
      : [
          `${labels.outstanding}: ${formatMoney(latest.outstanding, latest.currency, latest.locale)}`,
        ]),
    ...(latest.packages.length ? [`${labels.packages}:`, ...latest.packages] : []),
  ];
  const attachments: MessageAttachment[] = [];
  for (const doc of docs) {
    attachments.push({
      filename: `${titleOf(doc, locale).replace(/[^\w.-]+/g, "-")}.pdf`,
      contentType: "application/pdf",
      content: await renderDocumentPdf(doc),
    });
  }
  return letterMessage(request, {
    kind: "document",
    locale,
    to: { name: client.name, email: payload.email },
    subject,
    hello: `${texts.hello} ${client.name},`,
    lines: [intro, "", ...facts, ...(facts.length ? [""] : [])],
    blocks: [
      `<p>${escapeHtml(intro)}</p>`,
      facts.length ? `<p>${facts.map(escapeHtml).join("<br>")}</p>` : "",
    ],
    short: subject,
    attachments,
  });
}
