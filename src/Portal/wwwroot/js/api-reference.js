// Starts Scalar's reference on /docs (ApiReferencePage): a file, so the CSP allows no inline script.
Scalar.createApiReference('#app', { url: '/openapi/v1.json', withDefaultFonts: false, favicon: '/docs/favicon.svg' });
