// Service names, descriptions and categories per language (issue 18): the clinic writes them on
// the service (`translations: { pt: { name, description, category }, … }`), the public catalog
// answers in the language asked (`?locale=`), falling back to the service's own texts.

import { z } from "zod";
import type { ServiceRecord } from "../storage/storage.js";

const entry = z
  .strictObject({
    name: z.string().trim().min(1, "must not be empty").max(200).optional(),
    description: z.string().max(5000).optional(),
    category: z.string().trim().min(1, "must not be empty").max(200).optional(),
  })
  .meta({ description: "The service's name, description and category in one language" });

/** A service's texts per language, keyed by a BCP 47 language subtag (`pt`, `es`, `de`…). */
export const translationsSchema = z
  .record(z.string().regex(/^[a-z]{2,3}$/, "must be a language code such as pt or es"), entry)
  .refine((value) => Object.keys(value).length <= 20, "must list at most 20 languages")
  .meta({
    description:
      "Name, description and category per language (`{ pt: { name, description, category } }`); the public catalog answers in `?locale=`, falling back to the service's own texts",
  });
/** A service's texts per language. */
export type ServiceTranslations = z.infer<typeof translationsSchema>;

/**
 * The service's name, description and category in `locale`'s language, each falling back to the
 * service's own when that language (or the field) has none.
 *
 * @example
 * translated(service, "pt-PT"); // { name: "Fisioterapia", description: "…", category: "Fisioterapia" }
 */
export function translated(
  service: ServiceRecord,
  locale: string | undefined,
): { name: string; description: string; category: string } {
  const own = { name: service.name, description: service.description, category: service.category };
  const language = locale?.toLowerCase().split(/[-_]/)[0];
  if (!language) return own;
  const parsed = translationsSchema.safeParse(service.translations);
  const texts = parsed.success ? parsed.data[language] : undefined;
  return {
    name: texts?.name ?? own.name,
    description: texts?.description ?? own.description,
    category: texts?.category ?? own.category,
  };
}
