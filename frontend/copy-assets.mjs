// Copies GOV.UK Frontend's fonts, images and JavaScript next to our compiled CSS,
// so Django's staticfiles (and WhiteNoise in production) serve them with cache headers.
import { cpSync, mkdirSync } from "node:fs";

const from = "node_modules/govuk-frontend/dist/govuk";
const to = "familyhubs/static/govuk";
mkdirSync(to, { recursive: true });
cpSync(`${from}/assets`, `${to}/assets`, { recursive: true });
cpSync(`${from}/govuk-frontend.min.js`, `${to}/govuk-frontend.min.js`);
