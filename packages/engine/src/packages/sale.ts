import { z } from "zod";
import { createCharge } from "../billing/charge.js";
import { basisPointsSchema } from "../billing/money.js";
import type { Charge } from "../billing/schemas.js";
import { idSchema } from "../model.js";
import { parseInput } from "../validate.js";
import type { SessionPackageInput } from "./schema.js";
import { createPackage } from "./state.js";

const saleSchema = z.object({
  /** Id of the new charge. */
  id: idSchema,
  caseId: idSchema,
  billingProviderId: idSchema,
  taxRateBp: basisPointsSchema.default(0),
});
/** What {@link packageSaleCharge} needs besides the package. */
export type PackageSaleInput = z.input<typeof saleSchema>;

/**
 * The charge for selling a package: one line at the package's total, to its owner, marked
 * `package_sale`, tax-inclusive. Visits the package pays for then add no charge for the treatment.
 *
 * @example
 * packageSaleCharge(pkg, { id: "ch-pk1", caseId: "case-1", billingProviderId: "clinic" });
 * // { description: "Package: 10 × Physio (10 sessions)", unitPrice: { amount: 40000, currency: "EUR" }, source: "package_sale", … }
 */
export function packageSaleCharge(
  pkgInput: SessionPackageInput,
  saleInput: PackageSaleInput,
): Charge {
  const pkg = createPackage(pkgInput);
  const sale = parseInput(saleSchema, saleInput, "sale");
  const label = pkg.name ? `${pkg.name} (${pkg.sessions} sessions)` : `${pkg.sessions} sessions`;
  return createCharge({
    id: sale.id,
    caseId: sale.caseId,
    clientId: pkg.ownerClientId,
    description: `Package: ${label}`,
    unitPrice: pkg.pricing.total,
    quantity: 1,
    taxRateBp: sale.taxRateBp,
    priceIncludesTax: true,
    billingProviderId: sale.billingProviderId,
    source: "package_sale",
    createdAt: pkg.purchasedAt,
  });
}
