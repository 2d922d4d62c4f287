import type { Meta, StoryObj } from "@storybook/preact-vite";
import { useEffect, useRef } from "preact/hooks";
import { API, clinicHandlers, createMockClinic, mockFetch, NOW } from "../mocks/handlers.js";
import { mount } from "../src/embed.js";
import { click } from "./widget-story.js";

interface ManageArgs {
  /** Start of the seeded visit. */
  start: string;
  status?: "booked" | "canceled";
  locale?: string;
}

function ManageStory(args: ManageArgs) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!host.current) return;
    const clinic = createMockClinic({ now: () => NOW });
    clinic.seedBooking(
      {
        start: args.start,
        serviceId: "svc-physio",
        providerId: "p-ana",
        status: args.status ?? "booked",
      },
      "tok-story",
    );
    const widget = mount(host.current, {
      api: API,
      locale: args.locale ?? "en",
      now: () => NOW,
      manageToken: "tok-story",
      fetch: mockFetch(clinicHandlers(clinic)),
    });
    return () => widget.unmount();
  }, [args]);
  return <div ref={host} data-testid="widget-host" />;
}

const meta: Meta<ManageArgs> = {
  title: "Manage page",
  render: ManageStory,
  args: { start: "2026-03-05T10:00:00+00:00" },
};
export default meta;

type Story = StoryObj<ManageArgs>;

export const View: Story = {};

export const Cancelled: Story = { args: { status: "canceled" } };

export const Reschedule: Story = {
  play: async ({ canvasElement }) => {
    await click(canvasElement, "Change the time");
    await click(canvasElement, "Friday 6 March, 8 times free");
  },
};

export const RescheduleConfirm: Story = {
  play: async ({ canvasElement }) => {
    await click(canvasElement, "Change the time");
    await click(canvasElement, "Friday 6 March, 8 times free");
    await click(canvasElement, /^14:00 to 14:45/);
  },
};

export const CancelFree: Story = {
  play: async ({ canvasElement }) => click(canvasElement, "Cancel the appointment"),
};

export const CancelWithFee: Story = {
  args: { start: "2026-03-03T07:00:00+00:00" },
  play: async ({ canvasElement }) => click(canvasElement, "Cancel the appointment"),
};

export const Cancelled_WithFee: Story = {
  name: "Cancelled with a fee",
  args: { start: "2026-03-03T07:00:00+00:00" },
  play: async ({ canvasElement }) => {
    await click(canvasElement, "Cancel the appointment");
    await click(canvasElement, "Yes, cancel it");
  },
};

export const Portuguese: Story = { args: { locale: "pt" } };
