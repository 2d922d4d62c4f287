// Step 1: the clinic — name, address, contacts, time zone (the browser's offered), currency,
// language of messages, tax ID, country (its public holidays), brand colour and logo, and the websites allowed to show the
// booking widget.

import type { JSX } from "preact";
import { useState } from "preact/hooks";
import { Check, Field, listOf, onSubmit, type StepProps } from "./kit.js";

const LOCALES = [
  ["en", "English"],
  ["pt-PT", "Português (Portugal)"],
  ["pt-BR", "Português (Brasil)"],
  ["es-ES", "Español"],
] as const;

/**
 * The clinic step: `PATCH /settings` with what the form holds.
 *
 * @example
 * <ClinicStep {...stepProps} />
 */
export function ClinicStep(props: StepProps): JSX.Element {
  const { t, data, api, action } = props;
  const s = data.settings;
  const detected = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const [zone, setZone] = useState(s.timeZone === "UTC" && detected ? detected : s.timeZone);
  const save = onSubmit((v) => {
    void action
      .run(
        () =>
          api.saveSettings({
            name: v.name ?? s.name,
            address: v.address || null,
            phone: v.phone || null,
            email: v.email || null,
            taxId: v.taxId || null,
            country: v.country || null,
            brandColor: v.brandColor || null,
            logoUrl: v.logoUrl || null,
            timeZone: zone,
            currency: (v.currency ?? s.currency).toUpperCase(),
            locale: v.locale ?? s.locale,
            allowedOrigins: listOf(v.origins ?? "").map((o) => o.replace(/\/+$/, "")),
            refundOnFreeCancel: v.refundOnFreeCancel === "on",
          }),
        () => t.saved,
      )
      .then((saved) => saved && props.reload());
  });
  return (
    <form class="bw-x-form" aria-labelledby="bw-x-step-title" onSubmit={save}>
      <Field
        label={t.clinicName}
        name="name"
        required
        defaultValue={s.name}
        autoComplete="organization"
      />
      <Field
        label={t.address}
        name="address"
        defaultValue={s.address ?? ""}
        autoComplete="street-address"
      />
      <Field
        label={t.phone}
        name="phone"
        type="tel"
        defaultValue={s.phone ?? ""}
        autoComplete="tel"
      />
      <Field
        label={t.email}
        name="email"
        type="email"
        defaultValue={s.email ?? ""}
        autoComplete="email"
      />
      <Field
        label={t.timeZone}
        name="timeZone"
        required
        value={zone}
        onInput={(e) => setZone((e.currentTarget as HTMLInputElement).value)}
        hint={detected ? t.detectedZone(detected) : undefined}
      />
      {detected && detected !== zone && (
        <button type="button" class="bw-s-btn" onClick={() => setZone(detected)}>
          {t.useDetected}
        </button>
      )}
      <Field label={t.currency} name="currency" required maxLength={3} defaultValue={s.currency} />
      <label>
        {t.locale}
        <select name="locale" defaultValue={s.locale}>
          {LOCALES.some(([tag]) => tag === s.locale) ? null : (
            <option value={s.locale}>{s.locale}</option>
          )}
          {LOCALES.map(([tag, name]) => (
            <option key={tag} value={tag} lang={tag}>
              {name}
            </option>
          ))}
        </select>
      </label>
      <Field label={t.taxId} name="taxId" defaultValue={s.taxId ?? ""} />
      <Field
        label={t.country}
        name="country"
        maxLength={2}
        autoComplete="country"
        defaultValue={s.country ?? ""}
        hint={t.countryHint}
      />
      <Field
        label={t.brandColor}
        name="brandColor"
        type="color"
        defaultValue={s.brandColor ?? "#0b5cad"}
      />
      <Field
        label={t.logoUrl}
        name="logoUrl"
        type="url"
        defaultValue={s.logoUrl ?? ""}
        hint={t.logoHint}
      />
      <label class="bw-x-wide">
        {t.origins}
        <textarea
          name="origins"
          rows={3}
          aria-describedby="bw-x-origins-hint"
          defaultValue={s.allowedOrigins.join("\n")}
        />
        <span class="bw-s-meta" id="bw-x-origins-hint">
          {t.originsHint}
        </span>
      </label>
      <div class="bw-x-wide">
        <Check
          label={t.refundOnFreeCancel}
          name="refundOnFreeCancel"
          defaultChecked={s.refundOnFreeCancel !== false}
        />
      </div>
      <button type="submit" class="bw-s-btn bw-s-btn-primary" disabled={action.busy}>
        {t.save}
      </button>
    </form>
  );
}
