// Module hooks that let Node run this package's TypeScript sources directly: `./x.js` imports fall
// back to `./x.ts`. `@bookwell/engine` resolves to its built `dist` (it bundles rrule, whose ESM
// build Node cannot load). Used only to start real server processes from the tests.

export async function resolve(specifier, context, next) {
  try {
    return await next(specifier, context);
  } catch (error) {
    const relative = /^(?:\.|\/|file:)/.test(specifier);
    if (relative && specifier.endsWith(".js")) return next(`${specifier.slice(0, -3)}.ts`, context);
    throw error;
  }
}
