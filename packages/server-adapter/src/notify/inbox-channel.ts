// A local "inbox": a channel that keeps sent messages in memory and renders them as an HTML page,
// so the demo shows the confirmation e-mail without an SMTP server.

import type { NotificationChannel, OutgoingMessage, SendReceipt } from "./channel.js";
import type { ChannelName } from "./contract.js";
import { escapeHtml } from "./templates.js";

/** A message the inbox received. */
export interface InboxMessage extends OutgoingMessage {
  receivedAt: string;
  /** How many more times the same delivery id arrived (a resend after a crash); shown once. */
  duplicates: number;
}

/** Options of {@link createInboxChannel}. */
export interface InboxChannelOptions {
  /** Which channel this inbox stands in for (default `email`). */
  name?: ChannelName;
  /** Keep at most this many messages, dropping the oldest (default 200). */
  limit?: number;
  clock?: () => Date;
}

/** An in-memory channel with an HTML view of what it received. */
export interface InboxChannel extends NotificationChannel {
  /** Received messages, newest first, one per delivery id. */
  messages(): InboxMessage[];
  /** One message by delivery id. */
  message(deliveryId: string): InboxMessage | undefined;
  /** Forgets every message. */
  clear(): void;
  /**
   * The inbox as a standalone HTML page: a list of messages, each with its HTML body in a
   * sandboxed frame. `basePath` prefixes links to single messages (`<basePath>/<deliveryId>`).
   */
  renderPage(options?: { title?: string; basePath?: string }): string;
  /** One message's HTML body (as sent), or `undefined`. */
  renderMessage(deliveryId: string): string | undefined;
}

/**
 * A channel that stores messages in memory instead of sending them (for the demo and tests).
 * Like a real mailbox it keeps one copy per delivery id and counts resends as duplicates.
 *
 * @example
 * const inbox = createInboxChannel();
 * const worker = createOutboxWorker({ storage, channels: [inbox] });
 * app.get("/inbox", (c) => c.html(inbox.renderPage()));
 */
export function createInboxChannel(options: InboxChannelOptions = {}): InboxChannel {
  const limit = options.limit ?? 200;
  const clock = options.clock ?? (() => new Date());
  const byId = new Map<string, InboxMessage>();
  const order: string[] = [];
  const list = () =>
    [...order].reverse().flatMap((id) => {
      const m = byId.get(id);
      return m ? [m] : [];
    });
  return {
    name: options.name ?? "email",
    dedupe: "receiver",
    async send(message: OutgoingMessage): Promise<SendReceipt> {
      const seen = byId.get(message.deliveryId);
      if (seen) {
        seen.duplicates += 1;
        return { providerId: message.messageId };
      }
      byId.set(message.deliveryId, {
        ...message,
        receivedAt: clock().toISOString(),
        duplicates: 0,
      });
      order.push(message.deliveryId);
      while (order.length > limit) {
        const dropped = order.shift();
        if (dropped !== undefined) byId.delete(dropped);
      }
      return { providerId: message.messageId };
    },
    messages: list,
    message: (id) => byId.get(id),
    clear() {
      byId.clear();
      order.length = 0;
    },
    renderMessage: (id) => byId.get(id)?.html,
    renderPage(pageOptions = {}) {
      const e = escapeHtml;
      const title = pageOptions.title ?? "Bookwell inbox";
      const base = (pageOptions.basePath ?? "").replace(/\/$/, "");
      const items = list()
        .map((m) => {
          const to = m.to.email ?? m.to.phone ?? "";
          const link = base
            ? ` · <a href="${e(`${base}/${encodeURIComponent(m.deliveryId)}`)}">open</a>`
            : "";
          const invite = m.invite ? ` · calendar invite (${e(m.invite.method)})` : "";
          const body =
            m.channel === "email"
              ? `<iframe sandbox title="${e(m.subject)}" srcdoc="${e(m.html)}" style="width:100%;height:420px;border:1px solid #ddd;border-radius:6px"></iframe>`
              : `<p style="white-space:pre-wrap">${e(m.short)}</p>`;
          return [
            '<article style="margin:0 0 32px">',
            `<h2 style="font-size:18px;margin:0 0 4px">${e(m.subject)}</h2>`,
            `<p style="margin:0 0 8px;color:#555">${e(m.channel)} to ${e(m.to.name)} &lt;${e(to)}&gt; · ${e(m.kind)} · ${e(m.receivedAt)}${invite}${link}</p>`,
            body,
            "</article>",
          ].join("");
        })
        .join("");
      const empty = "<p>No messages yet. Book a visit and the confirmation shows up here.</p>";
      return [
        `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${e(title)}</title></head>`,
        '<body style="font-family:system-ui,sans-serif;max-width:760px;margin:0 auto;padding:24px;color:#1a1a1a">',
        `<h1 style="font-size:24px">${e(title)}</h1>`,
        items || empty,
        "</body></html>",
      ].join("");
    },
  };
}
