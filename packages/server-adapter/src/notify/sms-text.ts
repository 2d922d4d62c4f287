// SMS text: the GSM 03.38 alphabet fits 160 characters in one segment, anything else (one `í` or
// `ç` is enough) makes the whole message UCS-2, 70 characters a segment, and each segment costs.

const GSM_BASIC =
  "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?" +
  "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
/** Characters of the extension table: two septets each. */
const GSM_EXTENSION = "^{}\\[~]|€\f";
const GSM = new Set([...GSM_BASIC, ...GSM_EXTENSION]);

/** Punctuation with a plain GSM stand-in (templates and Intl write some of these). */
const STAND_INS: Record<string, string> = {
  "·": "-",
  "–": "-",
  "—": "-",
  "‘": "'",
  "’": "'",
  "“": '"',
  "”": '"',
  "…": "...",
  º: "o",
  ª: "a",
  "\u00a0": " ",
  "\u202f": " ",
};

/**
 * The text in the GSM 03.38 alphabet when it can be written there: accented letters GSM lacks
 * lose their accent (`á` → `a`, `ç` → `c`, `ã` → `a`; `é`, `ñ`, `ü`, `à`, `Ç` stay), typographic
 * punctuation becomes plain. A text that would still need UCS-2 (an emoji, another script) is
 * returned unchanged, so nothing is lost.
 *
 * @example
 * gsmText("Clínica Sol: marcação às 09:00"); // "Clinica Sol: marcacao às 09:00"
 */
export function gsmText(text: string): string {
  let out = "";
  for (const char of text) {
    if (GSM.has(char)) {
      out += char;
      continue;
    }
    const plain = STAND_INS[char] ?? char.normalize("NFD").replace(/\p{M}+/gu, "");
    if (![...plain].every((c) => GSM.has(c))) return text;
    out += plain;
  }
  return out;
}

/** How an SMS text is sent. */
export interface SmsSegments {
  encoding: "GSM-7" | "UCS-2";
  /** Septets (GSM-7, extension characters count two) or UTF-16 code units (UCS-2). */
  units: number;
  /** Messages billed: one up to 160 / 70 units, else 153 / 67 per part. */
  segments: number;
}

/**
 * Counts the segments an SMS text takes (GSM 03.38 or UCS-2, concatenated parts with their
 * header), e.g. to check a clinic's own short text before saving it.
 *
 * @example
 * smsSegments("Clinic: reminder, Physio on Mon 9 Mar 09:00."); // { encoding: "GSM-7", units: 44, segments: 1 }
 */
export function smsSegments(text: string): SmsSegments {
  const chars = [...text];
  if (chars.every((c) => GSM.has(c))) {
    const units = chars.reduce((n, c) => n + (GSM_EXTENSION.includes(c) ? 2 : 1), 0);
    return { encoding: "GSM-7", units, segments: units <= 160 ? 1 : Math.ceil(units / 153) };
  }
  const units = text.length;
  return { encoding: "UCS-2", units, segments: units <= 70 ? 1 : Math.ceil(units / 67) };
}
