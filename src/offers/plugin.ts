// The Offers API (Fynn V2 offers, 2026-06), its media endpoints and the recipient's side
// (the Public offer API and the page at /o/{token}): registered by app.ts.
import type { App, Deps } from '../platform/deps.js';
import { approvalPolicyAdminRoutes } from './approval/admin-routes.js';
import { mediaRoutes } from './media.js';
import { recipientPage } from './public/page.js';
import { publicOfferRoutes } from './public/routes.js';
import { offersRoutes } from './routes.js';
import { templateRoutes } from './templates/routes.js';

export function registerOffersRoutes(app: App, deps: Deps): void {
  offersRoutes(app, deps);
  approvalPolicyAdminRoutes(app, deps);
  templateRoutes(app, deps);
  mediaRoutes(app, deps);
  publicOfferRoutes(app, deps);
  recipientPage(app, deps);
}
