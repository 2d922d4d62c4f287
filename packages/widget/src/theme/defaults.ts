// The documented theming variables and their defaults (docs/widget/theming.md). styles.ts spells
// the same defaults inline; a test keeps the two in step.

/** The documented theming variables and their defaults. */
export const themeDefaults = {
  "--bookwell-font-family": "system-ui,-apple-system,'Segoe UI',Roboto,sans-serif",
  "--bookwell-font-size": "1rem",
  "--bookwell-color-text": "#1f2328",
  "--bookwell-color-muted": "#57606a",
  "--bookwell-color-background": "#fff",
  "--bookwell-color-surface": "#f6f8fa",
  "--bookwell-color-border": "#6e7781",
  "--bookwell-color-primary": "#0b5cad",
  "--bookwell-color-primary-text": "#fff",
  "--bookwell-color-free": "#1a7f37",
  "--bookwell-color-focus": "#b35900",
  "--bookwell-color-danger": "#b42318",
  "--bookwell-color-warning-background": "#fff8e6",
  "--bookwell-color-success-background": "#eaf7ee",
  "--bookwell-color-error-background": "#fdecea",
  "--bookwell-radius": "8px",
  "--bookwell-spacing": "1rem",
  "--bookwell-max-width": "42rem",
} as const;
