// The checkout section: a visit's (or a case's) charges, editable until invoiced; the invoice and
// its PDF; payments (cash, card, transfer) and a package session; the receipt and invoice e-mailed
// to the patient; credit notes and refunds with a reason; packages sold, used and refunded. Every
// rule (what may be edited, what is owed, what a refund may be) is the server's: this screen shows
// what the staff API answers and sends what staff type.

import type { JSX } from "preact";
import { useEffect, useMemo, useState } from "preact/hooks";
import { type CheckoutTexts, checkoutEn } from "../i18n/sections/checkout.en.js";
import { checkoutEs } from "../i18n/sections/checkout.es.js";
import { checkoutPt } from "../i18n/sections/checkout.pt.js";
import {
  type BillingApi,
  type BillingDocument,
  billingApi,
  type Charge,
  type Payment,
  type SessionPackage,
} from "./billing-api.js";
import { CheckoutDay } from "./checkout-day.js";
import type { StaffSectionProps } from "./contract.js";
import type { SectionFormat } from "./format.js";
import {
  Announce,
  SectionFrame,
  textsFor,
  useAction,
  useLoaded,
  useSectionFormat,
} from "./section-kit.js";

/** The desk's payment methods (a package session is used through the package). */
const METHODS = ["card", "cash", "transfer"] as const;

/** What the checkout works on once its parameters are resolved. */
interface Target {
  caseId: string;
  clientId: string;
  visitId?: string | undefined;
}

/** Everything one screen of the checkout needs. */
interface Ctx {
  api: BillingApi;
  t: CheckoutTexts;
  f: SectionFormat;
  currency: string;
  target: Target;
  run: ReturnType<typeof useAction>["run"];
  busy: boolean;
  reload(): void;
}

/**
 * The checkout section (params `visitId`, `caseId` or `clientId`): charges, invoice, payment,
 * e-mailed receipt, credit notes, refunds and packages for one case of one patient.
 *
 * @example
 * <CheckoutSection client={client} me={me} locale="pt" clinic={{ timeZone: "Europe/Lisbon", currency: "EUR" }}
 *   params={{ visitId: "apt_1" }} navigate={(route) => shell.go(route)} />
 */
export function CheckoutSection(props: StaffSectionProps): JSX.Element {
  const t = textsFor(props.locale, { en: checkoutEn, pt: checkoutPt, es: checkoutEs });
  const api = useMemo(() => billingApi(props.client), [props.client]);
  const f = useSectionFormat(props.locale, props.clinic);
  const { visitId, caseId, clientId } = props.params;
  const [chosenCase, setChosenCase] = useState<string | undefined>(undefined);
  const resolved = useLoaded(
    () => resolveTarget(api, props.client, { visitId, caseId, clientId }),
    `${visitId}|${caseId}|${clientId}`,
  );
  const target = resolved.data;
  // A refusal names the form's fields as the screen does, not the API's paths.
  const action = useAction({
    description: t.description,
    unitPrice: t.amount,
    amount: t.amount,
    method: t.method,
    reference: t.reference,
    reason: t.refundReason,
  });
  return (
    <SectionFrame id="bw-x-checkout" title={t.title}>
      <Announce notice={action.notice} />
      {!visitId && !caseId && !clientId ? (
        <CheckoutDay
          client={props.client}
          api={api}
          t={t}
          f={f}
          locale={props.locale}
          timeZone={props.clinic.timeZone}
          navigate={props.navigate}
        />
      ) : resolved.error ? (
        <p class="bw-s-error">{resolved.error}</p>
      ) : !target ? (
        <p>{t.loading}</p>
      ) : target.cases.length === 0 && !target.caseId ? (
        <p>{t.noCases}</p>
      ) : (
        <>
          {target.cases.length > 1 && (
            <label class="bw-x-row">
              {t.chooseCase}
              <select
                value={chosenCase ?? target.caseId}
                onChange={(e) => setChosenCase((e.currentTarget as HTMLSelectElement).value)}
              >
                {target.cases.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.title}
                  </option>
                ))}
              </select>
            </label>
          )}
          <CaseCheckout
            key={chosenCase ?? target.caseId}
            api={api}
            t={t}
            f={f}
            currency={props.clinic.currency}
            target={{
              caseId: chosenCase ?? (target.caseId as string),
              clientId: target.clientId,
              visitId,
            }}
            action={action}
          />
        </>
      )}
    </SectionFrame>
  );
}

/** Finds the case and patient of the parameters (a visit's case, a case's client, a client's cases). */
async function resolveTarget(
  api: BillingApi,
  client: StaffSectionProps["client"],
  params: {
    visitId?: string | undefined;
    caseId?: string | undefined;
    clientId?: string | undefined;
  },
): Promise<{
  caseId: string | undefined;
  clientId: string;
  cases: { id: string; title: string }[];
}> {
  let caseId = params.caseId;
  if (params.visitId) caseId = (await api.visit(params.visitId)).caseId ?? undefined;
  if (caseId) {
    const kase = await client.request<{ case: { id: string; clientId: string; title: string } }>(
      "GET",
      `/cases/${encodeURIComponent(caseId)}`,
    );
    return { caseId, clientId: kase.case.clientId, cases: [] };
  }
  const clientId = params.clientId;
  if (!clientId) return { caseId: undefined, clientId: "", cases: [] };
  const cases = await api.cases(clientId);
  const open = cases.find((c) => c.status === "open") ?? cases[0];
  return { caseId: open?.id, clientId, cases };
}

function CaseCheckout(props: {
  api: BillingApi;
  t: CheckoutTexts;
  f: SectionFormat;
  currency: string;
  target: Target;
  action: ReturnType<typeof useAction>;
}): JSX.Element {
  const { api, target } = props;
  const key = `${target.caseId}|${target.visitId}`;
  const data = useLoaded(async () => {
    const [charges, documents, payments, packages, visit, names] = await Promise.all([
      api.caseCharges(target.caseId),
      api.invoices({ caseId: target.caseId }),
      api.payments({ caseId: target.caseId }),
      api.packages(target.clientId),
      target.visitId ? api.visit(target.visitId) : Promise.resolve(undefined),
      api.calendarNames().catch(() => new Map<string, string>()),
    ]);
    // The listing has no live balance: read each invoice (an audited read, as every invoice's).
    const invoices = await Promise.all(
      documents.filter((d) => d.kind === "invoice").map((d) => api.invoice(d.id)),
    );
    return { charges, invoices, payments, packages, visit, names };
  }, key);
  const ctx: Ctx = {
    api,
    t: props.t,
    f: props.f,
    currency: props.currency,
    target,
    run: props.action.run,
    busy: props.action.busy,
    reload: data.reload,
  };
  if (data.error) return <p class="bw-s-error">{data.error}</p>;
  if (!data.data) return <p>{props.t.loading}</p>;
  const { charges, invoices, payments, packages, visit, names } = data.data;
  const { t, f } = ctx;
  return (
    <>
      {visit && (
        <dl>
          <dt>{t.status}</dt>
          <dd>{t.statuses[visit.status] ?? visit.status}</dd>
          <dt>{t.balance}</dt>
          <dd>
            {f.money(visit.money.outstanding)} ({visit.paid ? t.paid : t.notPaid})
          </dd>
        </dl>
      )}
      <Charges ctx={ctx} charges={charges} visitId={target.visitId} packages={packages} />
      <Invoices
        ctx={ctx}
        invoices={invoices}
        canIssue={charges.some((c) => c.status === "uninvoiced")}
      />
      <Payments
        ctx={ctx}
        payments={payments}
        due={
          invoices.find((i) => (i.balance?.outstanding ?? 0) > 0) ??
          (visit && visit.money.outstanding > 0 ? visit.money.outstanding : undefined)
        }
      />
      <Packages ctx={ctx} packages={packages} visitId={target.visitId} names={names} />
    </>
  );
}

// --- charges ---

function Charges(props: {
  ctx: Ctx;
  charges: Charge[];
  visitId?: string | undefined;
  packages: SessionPackage[];
}): JSX.Element {
  const { t, f, api, run, reload, currency } = props.ctx;
  const [description, setDescription] = useState("");
  const [amount, setAmount] = useState("");
  const add = async (e: Event) => {
    e.preventDefault();
    const minor = f.parseMoney(amount);
    const done = await run(
      () =>
        api.addCharge(props.ctx.target.caseId, {
          description,
          unitPrice: { amount: minor ?? Number.NaN, currency },
          ...(props.visitId ? { appointmentId: props.visitId } : {}),
        }),
      () => t.saved,
    );
    if (done) {
      setDescription("");
      setAmount("");
      reload();
    }
  };
  return (
    <section aria-labelledby="bw-x-charges">
      <h3 id="bw-x-charges">{t.charges}</h3>
      {props.charges.length === 0 ? (
        <p>{t.noCharges}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t.description}</th>
              <th scope="col" class="bw-x-num">
                {t.amount}
              </th>
              <th scope="col">{t.chargeStatus}</th>
              <th scope="col">{t.actions}</th>
            </tr>
          </thead>
          <tbody>
            {props.charges.map((c) => (
              <ChargeRow
                key={`${c.id}:${c.version}`}
                ctx={props.ctx}
                charge={c}
                packages={props.packages}
              />
            ))}
          </tbody>
        </table>
      )}
      <form onSubmit={add} aria-label={t.addCharge}>
        <label>
          {t.description}
          <input
            required
            value={description}
            onInput={(e) => setDescription((e.currentTarget as HTMLInputElement).value)}
          />
        </label>
        <label>
          {t.amount}
          <input
            required
            inputMode="decimal"
            value={amount}
            onInput={(e) => setAmount((e.currentTarget as HTMLInputElement).value)}
          />
        </label>
        <button type="submit" class="bw-s-btn" disabled={props.ctx.busy}>
          {t.add}
        </button>
      </form>
    </section>
  );
}

/** Why a void charge is void, in the screen's language (staff's own reason as they typed it). */
function voidText(t: CheckoutTexts, c: Charge, packages: SessionPackage[]): string {
  const cause = c.voidCause;
  const name = () => packages.find((p) => p.id === cause?.packageId)?.name || t.aPackage;
  if (cause?.kind === "package_session") return t.voidCovered(name());
  if (cause?.kind === "no_show_from_package") return t.voidNoShow(name());
  if (cause?.kind === "status_rolled_back") return t.voidRolledBack;
  return c.voidReason ?? "";
}

function ChargeRow(props: { ctx: Ctx; charge: Charge; packages: SessionPackage[] }): JSX.Element {
  const { t, f, api, run, reload, currency, busy } = props.ctx;
  const c = props.charge;
  const [description, setDescription] = useState(c.description);
  const [amount, setAmount] = useState(f.moneyInput(c.unitPrice.amount));
  const [voiding, setVoiding] = useState(false);
  const [reason, setReason] = useState("");
  const editable = c.status === "uninvoiced";
  const save = async () => {
    const minor = f.parseMoney(amount);
    const done = await run(
      () =>
        api.editCharge(c.id, {
          ...(description !== c.description ? { description } : {}),
          ...(minor !== c.unitPrice.amount
            ? { unitPrice: { amount: minor ?? Number.NaN, currency } }
            : {}),
          expectedVersion: c.version,
        }),
      () => t.saved,
    );
    if (done) reload();
  };
  const confirmVoid = async () => {
    const done = await run(
      () => api.voidCharge(c.id, reason),
      () => t.saved,
    );
    if (done) reload();
  };
  return (
    <tr>
      <td>
        {editable ? (
          <input
            aria-label={t.descriptionOf(c.description)}
            value={description}
            onInput={(e) => setDescription((e.currentTarget as HTMLInputElement).value)}
          />
        ) : (
          <>
            {c.description}
            {c.voidReason ? ` (${voidText(t, c, props.packages)})` : ""}
          </>
        )}
      </td>
      <td class="bw-x-num">
        {editable ? (
          <input
            aria-label={t.amountOf(c.description)}
            inputMode="decimal"
            size={8}
            value={amount}
            onInput={(e) => setAmount((e.currentTarget as HTMLInputElement).value)}
          />
        ) : (
          f.money(c.amounts.gross)
        )}
      </td>
      <td>{t.chargeState[c.status] ?? c.status}</td>
      <td>
        {editable && !voiding && (
          <div class="bw-x-row">
            <button
              type="button"
              class="bw-s-btn"
              disabled={busy}
              aria-label={`${t.save}: ${c.description}`}
              onClick={save}
            >
              {t.save}
            </button>
            <button
              type="button"
              class="bw-s-btn bw-s-btn-danger"
              aria-label={`${t.voidCharge}: ${c.description}`}
              onClick={() => setVoiding(true)}
            >
              {t.voidCharge}
            </button>
          </div>
        )}
        {editable && voiding && (
          <div class="bw-x-row">
            <label>
              {t.voidReason}
              <input
                value={reason}
                onInput={(e) => setReason((e.currentTarget as HTMLInputElement).value)}
              />
            </label>
            <button
              type="button"
              class="bw-s-btn bw-s-btn-danger"
              disabled={busy}
              onClick={confirmVoid}
            >
              {t.confirmVoid}
            </button>
            <button type="button" class="bw-s-btn" onClick={() => setVoiding(false)}>
              {t.cancel}
            </button>
          </div>
        )}
      </td>
    </tr>
  );
}

// --- invoices and credit notes ---

function Invoices(props: {
  ctx: Ctx;
  invoices: BillingDocument[];
  canIssue: boolean;
}): JSX.Element {
  const { t, api, run, reload, busy } = props.ctx;
  const issue = async () => {
    const done = await run(
      () => api.issueInvoice(props.ctx.target.caseId),
      (inv) => t.invoiceIssued(inv.number),
    );
    if (done) reload();
  };
  return (
    <section aria-labelledby="bw-x-invoices">
      <h3 id="bw-x-invoices">{t.invoices}</h3>
      <button
        type="button"
        class="bw-s-btn bw-s-btn-primary"
        disabled={busy || !props.canIssue}
        onClick={issue}
      >
        {t.issueInvoice}
      </button>
      <ul>
        {props.invoices.map((inv) => (
          <InvoiceItem key={inv.id} ctx={props.ctx} invoice={inv} />
        ))}
      </ul>
    </section>
  );
}

function InvoiceItem(props: { ctx: Ctx; invoice: BillingDocument }): JSX.Element {
  const { t, f, api, run, reload, busy } = props.ctx;
  const inv = props.invoice;
  const [pdfUrl, setPdfUrl] = useState<string | undefined>(undefined);
  const [reason, setReason] = useState("");
  const open = async () => {
    const blob = await run(
      () => api.pdf(inv.pdf),
      () => "",
    );
    if (blob) setPdfUrl(URL.createObjectURL(blob));
  };
  const credit = async (e: Event) => {
    e.preventDefault();
    const done = await run(
      () => api.creditNote(inv.id, reason),
      (cn) => t.creditNoteIssued(cn.number),
    );
    if (done) {
      setReason("");
      reload();
    }
  };
  const total = inv.snapshot?.totals?.gross;
  return (
    <li>
      <p>
        <strong>
          {t.invoice} {inv.number}
        </strong>{" "}
        {total !== undefined && f.money(total)}
        {inv.balance && ` · ${t.balance}: ${f.money(inv.balance.outstanding)}`}
      </p>
      <div class="bw-x-row">
        <button type="button" class="bw-s-btn" onClick={open}>
          {t.openPdf(inv.number)}
        </button>
        <EmailButton
          ctx={props.ctx}
          label={`${t.emailInvoice} ${inv.number}`}
          text={t.emailInvoice}
          send={(email) => api.emailInvoice(inv.id, email)}
        />
      </div>
      {pdfUrl && (
        <object
          class="bw-x-pdf"
          data={pdfUrl}
          type="application/pdf"
          aria-label={t.preview(inv.number)}
        >
          <p>
            {t.pdfFallback}{" "}
            <a href={pdfUrl} download={`${inv.number}.pdf`}>
              {t.openPdf(inv.number)}
            </a>
          </p>
        </object>
      )}
      <form onSubmit={credit} aria-label={`${t.creditNote} ${inv.number}`}>
        <label>
          {t.creditReason}
          <input
            required
            value={reason}
            onInput={(e) => setReason((e.currentTarget as HTMLInputElement).value)}
          />
        </label>
        <button type="submit" class="bw-s-btn" disabled={busy}>
          {t.issueCreditNote}
        </button>
      </form>
    </li>
  );
}

/** A button that e-mails a document, with an optional other address. */
function EmailButton(props: {
  ctx: Ctx;
  label: string;
  text: string;
  send: (email?: string) => Promise<{ to: string }>;
}): JSX.Element {
  const { t, run, busy } = props.ctx;
  const [email, setEmail] = useState("");
  return (
    <span class="bw-x-row">
      <label>
        {t.emailTo}
        <input
          type="email"
          autoComplete="off"
          value={email}
          onInput={(e) => setEmail((e.currentTarget as HTMLInputElement).value)}
        />
      </label>
      <button
        type="button"
        class="bw-s-btn"
        disabled={busy}
        aria-label={props.label}
        onClick={() =>
          run(
            () => props.send(email || undefined),
            (queued) => t.emailed(queued.to),
          )
        }
      >
        {props.text}
      </button>
    </span>
  );
}

// --- payments and refunds ---

function MethodSelect(props: { t: CheckoutTexts; value: string; onChange(v: string): void }) {
  return (
    <label>
      {props.t.method}
      <select
        value={props.value}
        onChange={(e) => props.onChange((e.currentTarget as HTMLSelectElement).value)}
      >
        {METHODS.map((m) => (
          <option key={m} value={m}>
            {props.t.methods[m]}
          </option>
        ))}
      </select>
    </label>
  );
}

function Payments(props: {
  ctx: Ctx;
  payments: Payment[];
  /** The open invoice to pay, or what the visit still owes. */
  due: BillingDocument | number | undefined;
}): JSX.Element {
  const { t, f, api, run, reload, busy, currency, target } = props.ctx;
  const dueAmount =
    typeof props.due === "number" ? props.due : (props.due?.balance?.outstanding ?? 0);
  const [method, setMethod] = useState<string>("card");
  const [amount, setAmount] = useState("");
  // What is owed changes with the charges, the invoice and the payments: the field follows it.
  useEffect(() => setAmount(dueAmount > 0 ? f.moneyInput(dueAmount) : ""), [dueAmount, f]);
  const [reference, setReference] = useState("");
  const [last, setLast] = useState<Payment | undefined>(undefined);
  const pay = async (e: Event) => {
    e.preventDefault();
    const minor = f.parseMoney(amount);
    const on =
      typeof props.due === "object"
        ? { invoiceId: props.due.id }
        : target.visitId
          ? { appointmentId: target.visitId }
          : { caseId: target.caseId };
    const payment = await run(
      () =>
        api.pay({
          kind: "payment",
          method,
          amount: { amount: minor ?? Number.NaN, currency },
          ...(reference ? { reference } : {}),
          ...on,
        }),
      (p) => t.paymentRecorded(f.money(p.amount.amount)),
    );
    if (payment) {
      setLast(payment);
      reload();
    }
  };
  return (
    <section aria-labelledby="bw-x-payments">
      <h3 id="bw-x-payments">{t.payment}</h3>
      <form onSubmit={pay} aria-label={t.recordPayment}>
        <MethodSelect t={t} value={method} onChange={setMethod} />
        <label>
          {t.amount}
          <input
            required
            inputMode="decimal"
            value={amount}
            onInput={(e) => setAmount((e.currentTarget as HTMLInputElement).value)}
          />
        </label>
        <label>
          {t.reference}
          <input
            value={reference}
            onInput={(e) => setReference((e.currentTarget as HTMLInputElement).value)}
          />
        </label>
        <button type="submit" class="bw-s-btn bw-s-btn-primary" disabled={busy}>
          {t.recordPayment}
        </button>
      </form>
      {last && (
        <EmailButton
          ctx={props.ctx}
          label={`${t.emailReceipt} ${f.money(last.amount.amount)}`}
          text={t.emailReceipt}
          send={(email) => api.emailReceipt(last.id, email)}
        />
      )}
      {props.payments.length > 0 && (
        <>
          <h4>{t.payments}</h4>
          <ul>
            {props.payments.map((p) => (
              <PaymentItem key={p.id} ctx={props.ctx} payment={p} />
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

function PaymentItem(props: { ctx: Ctx; payment: Payment }): JSX.Element {
  const { t, f, api, run, reload, busy, currency } = props.ctx;
  const p = props.payment;
  const [refunding, setRefunding] = useState(false);
  const [method, setMethod] = useState(p.method === "package" ? "cash" : p.method);
  const [amount, setAmount] = useState(f.moneyInput(p.amount.amount));
  const [reason, setReason] = useState("");
  const label = `${t.kind[p.kind] ?? p.kind} ${f.money(p.amount.amount)} · ${t.methods[p.method] ?? p.method} · ${f.dateTime(p.at)}`;
  const refund = async (e: Event) => {
    e.preventDefault();
    const minor = f.parseMoney(amount);
    const done = await run(
      () =>
        api.pay({
          kind: "refund",
          method,
          amount: { amount: minor ?? Number.NaN, currency },
          reference: reason,
          ...(p.invoiceId
            ? { invoiceId: p.invoiceId }
            : p.appointmentId
              ? { appointmentId: p.appointmentId }
              : { caseId: p.caseId as string }),
        }),
      (r) => t.refundRecorded(f.money(r.amount.amount)),
    );
    if (done) {
      setRefunding(false);
      reload();
    }
  };
  return (
    <li>
      <p>{label}</p>
      <div class="bw-x-row">
        <button
          type="button"
          class="bw-s-btn"
          onClick={async () => {
            const blob = await run(
              () => api.pdf(p.receipt),
              () => "",
            );
            if (blob) window.open(URL.createObjectURL(blob), "_blank", "noopener");
          }}
          aria-label={`${t.receipt}: ${label}`}
        >
          {t.receipt}
        </button>
        <EmailButton
          ctx={props.ctx}
          label={`${t.emailReceipt}: ${label}`}
          text={t.emailReceipt}
          send={(email) => api.emailReceipt(p.id, email)}
        />
        {p.kind === "payment" && !refunding && (
          <button type="button" class="bw-s-btn" onClick={() => setRefunding(true)}>
            {t.refund}
          </button>
        )}
      </div>
      {refunding && (
        <form onSubmit={refund} aria-label={`${t.refund}: ${label}`}>
          <MethodSelect t={t} value={method} onChange={setMethod} />
          <label>
            {t.amount}
            <input
              required
              inputMode="decimal"
              value={amount}
              onInput={(e) => setAmount((e.currentTarget as HTMLInputElement).value)}
            />
          </label>
          <label>
            {t.refundReason}
            <input
              required
              value={reason}
              onInput={(e) => setReason((e.currentTarget as HTMLInputElement).value)}
            />
          </label>
          <button type="submit" class="bw-s-btn bw-s-btn-danger" disabled={busy}>
            {t.recordRefund}
          </button>
          <button type="button" class="bw-s-btn" onClick={() => setRefunding(false)}>
            {t.cancel}
          </button>
        </form>
      )}
    </li>
  );
}

// --- packages ---

function Packages(props: {
  ctx: Ctx;
  packages: SessionPackage[];
  visitId?: string | undefined;
  names: ReadonlyMap<string, string>;
}): JSX.Element {
  const { t, f, api, run, reload, busy, currency, target } = props.ctx;
  const [name, setName] = useState("");
  const [sessions, setSessions] = useState("10");
  const [price, setPrice] = useState("");
  const [expiresOn, setExpiresOn] = useState("");
  const [payWith, setPayWith] = useState("");
  const sell = async (e: Event) => {
    e.preventDefault();
    const done = await run(
      () =>
        api.sellPackage(target.clientId, {
          name,
          sessions: Number(sessions),
          price: { total: { amount: f.parseMoney(price) ?? Number.NaN, currency } },
          caseId: target.caseId,
          ...(expiresOn ? { expiresOn } : {}),
          ...(payWith ? { payment: { method: payWith } } : {}),
        }),
      (p) => t.sold(p.name),
    );
    if (done) {
      setName("");
      setPrice("");
      reload();
    }
  };
  return (
    <section aria-labelledby="bw-x-packages">
      <h3 id="bw-x-packages">{t.packages}</h3>
      {props.packages.length === 0 ? (
        <p>{t.noPackages}</p>
      ) : (
        <ul>
          {props.packages.map((p) => (
            <PackageItem
              key={p.id}
              ctx={props.ctx}
              pkg={p}
              visitId={props.visitId}
              names={props.names}
            />
          ))}
        </ul>
      )}
      <form onSubmit={sell} aria-label={t.sell}>
        <label>
          {t.packageName}
          <input
            required
            value={name}
            onInput={(e) => setName((e.currentTarget as HTMLInputElement).value)}
          />
        </label>
        <label>
          {t.sessions}
          <input
            required
            type="number"
            min={1}
            value={sessions}
            onInput={(e) => setSessions((e.currentTarget as HTMLInputElement).value)}
          />
        </label>
        <label>
          {t.price}
          <input
            required
            inputMode="decimal"
            value={price}
            onInput={(e) => setPrice((e.currentTarget as HTMLInputElement).value)}
          />
        </label>
        <label>
          {t.expiresOn}
          <input
            type="date"
            value={expiresOn}
            onInput={(e) => setExpiresOn((e.currentTarget as HTMLInputElement).value)}
          />
        </label>
        <label>
          {t.payNow}
          <select
            value={payWith}
            onChange={(e) => setPayWith((e.currentTarget as HTMLSelectElement).value)}
          >
            <option value="">{t.notNow}</option>
            {METHODS.map((m) => (
              <option key={m} value={m}>
                {t.methods[m]}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" class="bw-s-btn" disabled={busy}>
          {t.sell}
        </button>
      </form>
    </section>
  );
}

function PackageItem(props: {
  ctx: Ctx;
  pkg: SessionPackage;
  visitId?: string | undefined;
  names: ReadonlyMap<string, string>;
}): JSX.Element {
  const { t, f, api, run, reload, busy } = props.ctx;
  const p = props.pkg;
  const [method, setMethod] = useState("cash");
  const usedHere = props.visitId ? p.assignedVisits.includes(props.visitId) : false;
  const act = async (action: () => Promise<unknown>, ok: string) => {
    const done = await run(action, () => ok);
    if (done !== undefined) reload();
  };
  const open = !p.refund && !p.balance.expired;
  return (
    <li>
      <p>
        <strong>{p.name}</strong>: {t.usage(p.balance.used, p.balance.sold, p.balance.remaining)}
        {p.expiresOn && ` · ${p.balance.expired ? t.expired : t.expires(f.date(p.expiresOn))}`}
      </p>
      {usedHere && <p>{t.usedHere}</p>}
      <div class="bw-x-row">
        {props.visitId && open && !usedHere && p.balance.remaining > 0 && (
          <button
            type="button"
            class="bw-s-btn bw-s-btn-primary"
            disabled={busy}
            aria-label={`${t.useSession}: ${p.name}`}
            onClick={() => act(() => api.usePackage(props.visitId as string, p.id), t.saved)}
          >
            {t.useSession}
          </button>
        )}
        {props.visitId && usedHere && (
          <button
            type="button"
            class="bw-s-btn"
            disabled={busy}
            onClick={() => act(() => api.usePackage(props.visitId as string, null), t.saved)}
          >
            {t.stopUsing}
          </button>
        )}
      </div>
      <details>
        <summary>
          {t.attendance} ({p.attendance.length})
        </summary>
        {p.attendance.length === 0 ? (
          <p>{t.noAttendance}</p>
        ) : (
          <ul>
            {p.attendance.map((use) => (
              <li key={use.appointmentId}>
                {f.dateTime(use.at)} · {props.names.get(use.therapistId) ?? use.therapistId}
              </li>
            ))}
          </ul>
        )}
      </details>
      {!p.refund && p.balance.remaining > 0 && (
        <div class="bw-x-row">
          <MethodSelect t={t} value={method} onChange={setMethod} />
          <button
            type="button"
            class="bw-s-btn bw-s-btn-danger"
            disabled={busy}
            aria-label={`${t.refundUnused}: ${p.name}`}
            onClick={() => act(() => api.refundPackage(p.id, method), t.refunded)}
          >
            {t.refundUnused}
          </button>
        </div>
      )}
    </li>
  );
}
