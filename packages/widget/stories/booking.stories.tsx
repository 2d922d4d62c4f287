import type { Meta, StoryObj } from "@storybook/preact-vite";
import {
  atCalendar,
  click,
  holdTuesdayNine,
  type,
  WidgetStory,
  type WidgetStoryArgs,
} from "./widget-story.js";

const meta: Meta<WidgetStoryArgs> = {
  title: "Booking flow",
  render: WidgetStory,
};
export default meta;

type Story = StoryObj<WidgetStoryArgs>;

export const Category: Story = { args: {} };

export const Service: Story = { args: { options: { category: "Physiotherapy" } } };

export const Therapist: Story = { args: { options: { service: "svc-physio" } } };

export const Calendar: Story = { args: { options: atCalendar } };

export const CalendarLoading: Story = {
  args: { options: atCalendar, scenario: { states: ["slotsLoading"] } },
};

export const CalendarEmptyMonth: Story = {
  args: { options: atCalendar, scenario: { clinic: { noSlots: true } } },
};

/** The month of the service's last bookable day: "Next month" is disabled and says why. */
export const CalendarLastBookableMonth: Story = {
  args: { options: atCalendar, scenario: { clinic: { horizonDays: 40 } } },
  play: async ({ canvasElement }) => click(canvasElement, "Next month"),
};

export const CalendarError: Story = {
  args: { options: atCalendar, scenario: { states: ["slotsError"] } },
};

export const TimesOfADay: Story = {
  args: { options: atCalendar },
  play: async ({ canvasElement }) => click(canvasElement, "Tuesday 3 March, 8 times free"),
};

export const SlotTaken: Story = {
  args: { options: atCalendar, scenario: { states: ["holdTaken"] } },
  play: async ({ canvasElement }) => holdTuesdayNine(canvasElement),
};

export const SlotNoLongerBookable: Story = {
  args: { options: atCalendar, scenario: { states: ["holdTooSoon"] } },
  play: async ({ canvasElement }) => holdTuesdayNine(canvasElement),
};

export const SlotTakenWithAlternatives: Story = {
  args: { options: atCalendar, scenario: { clinic: { takeOnBooking: true } } },
  play: async ({ canvasElement }) => {
    await holdTuesdayNine(canvasElement);
    await type(canvasElement, "Full name", "Maria Santos");
    await type(canvasElement, "E-mail", "maria@example.com");
    await click(canvasElement, "Confirm booking");
  },
};

export const Details: Story = {
  args: { options: atCalendar },
  play: async ({ canvasElement }) => holdTuesdayNine(canvasElement),
};

export const DetailsWithErrors: Story = {
  args: { options: atCalendar },
  play: async ({ canvasElement }) => {
    await holdTuesdayNine(canvasElement);
    await type(canvasElement, "E-mail", "not-an-email");
    await click(canvasElement, "Confirm booking");
  },
};

export const HoldRunningOut: Story = {
  args: {
    options: { ...atCalendar, holdWarningSeconds: 60 },
    scenario: { clinic: { holdSeconds: 50 } },
  },
  play: async ({ canvasElement }) => holdTuesdayNine(canvasElement),
};

export const Payment: Story = {
  args: {
    options: {
      ...atCalendar,
      payment: {
        label: "Card or MB WAY (demo)",
        optional: true,
        collect: async () => ({ status: "paid", reference: "demo" }),
      },
    },
  },
  play: async ({ canvasElement }) => {
    await holdTuesdayNine(canvasElement);
    await type(canvasElement, "Full name", "Maria Santos");
    await type(canvasElement, "E-mail", "maria@example.com");
    await click(canvasElement, "Confirm booking");
  },
};

export const PaymentFailed: Story = {
  args: {
    options: {
      ...atCalendar,
      payment: {
        optional: true,
        collect: async () => ({ status: "failed", message: "Card declined." }),
      },
    },
  },
  play: async ({ canvasElement }) => {
    await holdTuesdayNine(canvasElement);
    await type(canvasElement, "Full name", "Maria Santos");
    await type(canvasElement, "E-mail", "maria@example.com");
    await click(canvasElement, "Confirm booking");
    await click(canvasElement, /^Pay /);
  },
};

export const Confirmation: Story = {
  args: { options: atCalendar },
  play: async ({ canvasElement }) => {
    await holdTuesdayNine(canvasElement);
    await type(canvasElement, "Full name", "Maria Santos");
    await type(canvasElement, "E-mail", "maria@example.com");
    await click(canvasElement, "Confirm booking");
  },
};

export const ClinicUnreachable: Story = { args: { scenario: { states: ["offline"] } } };

export const RateLimited: Story = { args: { scenario: { states: ["rateLimited"] } } };

export const Portuguese: Story = { args: { options: { ...atCalendar, locale: "pt" } } };

export const Spanish: Story = { args: { options: { ...atCalendar, locale: "es" } } };

export const Themed: Story = {
  args: {
    options: atCalendar,
    theme: {
      "--bookwell-color-primary": "#6b2f8a",
      "--bookwell-color-focus": "#0a6b3d",
      "--bookwell-radius": "2px",
      "--bookwell-font-family": "Georgia, serif",
    },
  },
};
