import type { Preview } from "@storybook/preact-vite";

const preview: Preview = {
  parameters: {
    layout: "padded",
    viewport: { defaultViewport: "responsive" },
  },
};

export default preview;
