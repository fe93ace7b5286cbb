// The Offers API (Fynn V2 offers, 2026-06): registered by app.ts.
import type { App, Deps } from '../platform/deps.js';
import { offersRoutes } from './routes.js';

export function registerOffersRoutes(app: App, deps: Deps): void {
  offersRoutes(app, deps);
}
