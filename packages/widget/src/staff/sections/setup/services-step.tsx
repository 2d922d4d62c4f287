// Step 4: services and categories — duration, price, buffers, start-time interval, places per
// time (a class), the room or equipment it needs, minimum notice, how far ahead, online or not,
// who offers it, and its rules: free cancellation window and late fee, no-show fee, the pause
// of online booking after repeated no-shows, and the online payment (none, full price, deposit). The server checks every value (problem+json names
// the field); this step only collects them.

import type { JSX } from "preact";
import { RemovedList, ServiceEntry } from "./edit-entries.js";
import { Check, Choice, Field, idFromName, intOf, onSubmit, Part, type StepProps } from "./kit.js";
import type { ServicePolicies, SetupService } from "./setup-api.js";

/**
 * A service and its policies from the step's form values (`undefined` fields are left to the
 * server's defaults).
 *
 * @example
 * serviceFromForm({ name: "Pilates", discipline: "pilates", duration: "55", price: "15", capacity: "6" }, "EUR", parse, []);
 */
export function serviceFromForm(
  v: Record<string, string>,
  currency: string,
  parseMoney: (text: string) => number | undefined,
  takenIds: readonly string[],
  providerIds: readonly string[],
): SetupService {
  const name = v.name ?? "";
  const duration = intOf(v.duration) ?? 0;
  const policies: ServicePolicies = {};
  const freeUntil = intOf(v.freeUntil);
  if (freeUntil !== undefined) {
    const late = intOf(v.lateFee);
    const fixed = v.lateFeeFixed ? parseMoney(v.lateFeeFixed) : undefined;
    policies.cancellationPolicy = {
      freeUntilHoursBefore: freeUntil,
      // A fixed amount, when given, wins over a percentage.
      lateFee: fixed
        ? { type: "fixed", amount: { amount: fixed, currency } }
        : late
          ? { type: "percent", basisPoints: late * 100 }
          : null,
    };
  }
  const noShow = v.noShowFee ? parseMoney(v.noShowFee) : undefined;
  if (noShow) policies.noShowFee = { type: "fixed", amount: { amount: noShow, currency } };
  // An extra item charged on arrival (e.g. taping) besides the service itself.
  const extra = v.extraPrice ? parseMoney(v.extraPrice) : undefined;
  const servicePrice = parseMoney(v.price ?? "") ?? -1;
  if (v.extraItem && extra !== undefined) {
    policies.billingItems = [
      { description: v.name ?? "", unitPrice: { amount: servicePrice, currency } },
      {
        description: v.extraItem,
        unitPrice: { amount: extra, currency },
        coveredByPackage: false,
      },
    ];
  }
  // Online payment: a fixed deposit, when given, wins over a percentage (the server checks both).
  if (v.payOnline === "full") policies.onlinePayment = { type: "full" };
  if (v.payOnline === "deposit") {
    const fixedDeposit = v.depositFixed ? parseMoney(v.depositFixed) : undefined;
    policies.onlinePayment = {
      type: "deposit",
      deposit:
        fixedDeposit !== undefined
          ? { type: "fixed", amount: { amount: fixedDeposit, currency } }
          : { type: "percent", basisPoints: (intOf(v.depositPercent) ?? 0) * 100 },
    };
  }
  const after = intOf(v.blockAfter);
  if (after)
    policies.onlineBookingBlock = { afterNoShows: after, withinDays: intOf(v.blockWithin) ?? 90 };
  const optional = (key: keyof SetupService, value: number | undefined) =>
    value === undefined ? {} : { [key]: value };
  return {
    id: idFromName(name, takenIds),
    name,
    category: v.category ?? "",
    discipline: v.discipline ?? "",
    durationMinutes: duration,
    price: { amount: servicePrice, currency },
    ...optional("bufferBeforeMinutes", intOf(v.bufferBefore)),
    ...optional("bufferAfterMinutes", intOf(v.bufferAfter)),
    ...optional("slotIntervalMinutes", intOf(v.interval)),
    ...optional("capacity", intOf(v.capacity)),
    ...optional("leadTimeMinutes", v.leadTime ? (intOf(v.leadTime) ?? 0) * 60 : undefined),
    ...optional("horizonDays", intOf(v.horizon)),
    resourceKinds: v.resourceKind ? [v.resourceKind] : [],
    providerIds: [...providerIds],
    onlineBookable: v.online === "on",
    ...(v.description ? { description: v.description } : {}),
    ...(Object.keys(policies).length > 0 ? { policies } : {}),
  };
}

/**
 * The services step: the list of services (each editable in place) and `POST /services` for a
 * new one.
 *
 * @example
 * <ServicesStep {...stepProps} />
 */
export function ServicesStep(props: StepProps): JSX.Element {
  const { t, f, data, api, action, reload } = props;
  const therapists = data.calendars.filter((c) => c.kind === "provider");
  const disciplines = [...new Set(therapists.flatMap((c) => c.disciplines ?? []))];
  const kinds = [
    ...new Set(
      data.calendars.filter((c) => c.kind !== "provider").flatMap((c) => c.resourceKind ?? []),
    ),
  ];
  const add = onSubmit((v, form) => {
    const chosen = therapists.filter((c) => v[`by-${c.id}`] === "on").map((c) => c.id);
    const service = serviceFromForm(
      v,
      data.settings.currency,
      f.parseMoney,
      data.services.map((s) => s.id ?? ""),
      chosen.length === therapists.length ? [] : chosen,
    );
    void action
      .run(
        () => api.addService(service),
        (s) => t.added(s.name),
      )
      .then((saved) => {
        if (!saved) return;
        form.reset();
        reload();
      });
  });
  return (
    <>
      <Part id="bw-x-services" title={t.services}>
        {data.services.length === 0 ? (
          <p>{t.none}</p>
        ) : (
          <ul class="bw-x-list">
            {data.services.map((s) => (
              <li key={s.id}>
                <strong>{s.name}</strong>
                {s.category ? ` (${s.category})` : ""} —{" "}
                {t.serviceSummary(
                  t.minutes(s.durationMinutes),
                  f.money(s.price.amount),
                  s.capacity ?? 1,
                )}{" "}
                <ServiceEntry {...props} service={s} />
              </li>
            ))}
          </ul>
        )}
        <RemovedList
          {...props}
          entries={data.removed.services}
          restore={(id) => api.changeService(id, { active: true })}
        />
      </Part>
      {therapists.length === 0 ? (
        <p>{t.needTherapist}</p>
      ) : (
        <form class="bw-x-form" aria-label={t.addService} onSubmit={add}>
          <Field label={t.serviceName} name="name" required />
          <Field label={t.category} name="category" />
          <label>
            {t.discipline}
            <select name="discipline" required>
              {disciplines.map((d) => (
                <option key={d} value={d}>
                  {d}
                </option>
              ))}
            </select>
          </label>
          <Field label={t.duration} name="duration" type="number" min={1} required />
          <Field label={t.price} name="price" inputMode="decimal" required />
          <Field label={t.bufferBefore} name="bufferBefore" type="number" min={0} />
          <Field label={t.bufferAfter} name="bufferAfter" type="number" min={0} />
          <Field label={t.interval} name="interval" type="number" min={1} hint={t.intervalHint} />
          <Field label={t.capacity} name="capacity" type="number" min={1} defaultValue="1" />
          <Choice
            label={t.needsRoom}
            name="resourceKind"
            options={[["", t.noRoom], ...kinds.map((k) => [k, k] as const)]}
          />
          <Field label={t.leadTime} name="leadTime" type="number" min={0} defaultValue="2" />
          <Field label={t.horizon} name="horizon" type="number" min={0} defaultValue="90" />
          <Check label={t.onlineBookable} name="online" defaultChecked />
          <fieldset class="bw-x-wide">
            <legend>{t.offeredBy}</legend>
            {therapists.map((c) => (
              <Check key={c.id} label={c.name} name={`by-${c.id}`} defaultChecked />
            ))}
          </fieldset>
          <label class="bw-x-wide">
            {t.description}
            <textarea name="description" rows={2} />
          </label>
          <fieldset class="bw-x-wide bw-x-form">
            <legend>{t.cancellation}</legend>
            <Field label={t.freeUntil} name="freeUntil" type="number" min={0} defaultValue="24" />
            <Field label={t.lateFee} name="lateFee" type="number" min={0} max={100} />
            <Field label={t.lateFeeFixed} name="lateFeeFixed" inputMode="decimal" />
            <Field label={t.noShowFee} name="noShowFee" inputMode="decimal" />
            <Field
              label={t.blockAfter}
              name="blockAfter"
              type="number"
              min={1}
              hint={t.blockHint}
            />
            <Field
              label={t.blockWithin}
              name="blockWithin"
              type="number"
              min={1}
              defaultValue="90"
            />
          </fieldset>
          <fieldset class="bw-x-wide bw-x-form">
            <legend>{t.onlinePayment}</legend>
            <Choice
              label={t.onlinePayment}
              name="payOnline"
              options={[
                ["", t.payNothing],
                ["full", t.payFull],
                ["deposit", t.payDeposit],
              ]}
            />
            <Field label={t.depositPercent} name="depositPercent" type="number" min={1} max={100} />
            <Field label={t.depositFixed} name="depositFixed" inputMode="decimal" />
          </fieldset>
          <fieldset class="bw-x-wide bw-x-form">
            <legend>{t.billingItems}</legend>
            <Field label={t.extraItem} name="extraItem" hint={t.extraItemHint} />
            <Field label={t.extraPrice} name="extraPrice" inputMode="decimal" />
          </fieldset>
          <p class="bw-s-meta bw-x-wide">
            {t.perLanguage} {t.noIntake}
          </p>
          <button type="submit" class="bw-s-btn bw-s-btn-primary" disabled={action.busy}>
            {t.addService}
          </button>
        </form>
      )}
    </>
  );
}
