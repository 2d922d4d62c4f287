// The manage token in the page's address (`?bookwell-manage=`), kept in step with the page: a move
// gives the visit a new link (the old one turns read-only), "book again" leaves the manage page.

/**
 * Replaces the manage token in the page's address without a reload (and without a new history
 * entry), or removes it when `next` is null; does nothing when the address does not carry
 * `current` (the token came from the `manageToken` option).
 *
 * @example
 * replaceManageToken("old-token", "new-token"); // ?bookwell-manage=new-token
 */
export function replaceManageToken(current: string, next: string | null): void {
  if (typeof location === "undefined" || typeof history === "undefined") return;
  const url = new URL(location.href);
  if (url.searchParams.get("bookwell-manage") !== current) return;
  if (next) url.searchParams.set("bookwell-manage", next);
  else url.searchParams.delete("bookwell-manage");
  history.replaceState(history.state, "", url);
}
