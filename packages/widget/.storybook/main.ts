import type { StorybookConfig } from "@storybook/preact-vite";

// Stories for every step and state of the widget. They mount the real widget (mount()) with a
// `fetch` answered by the same msw handlers as the component tests (mocks/handlers.ts), so no
// service worker and no server are needed, and a static build works anywhere.
const config: StorybookConfig = {
  stories: ["../stories/**/*.stories.tsx"],
  framework: { name: "@storybook/preact-vite", options: {} },
  core: { disableTelemetry: true, disableWhatsNewNotifications: true },
  addons: [],
};

export default config;
