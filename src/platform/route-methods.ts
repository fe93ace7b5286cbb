// Which methods a path has, for the 405 a client gets when it uses another one (with `Allow`, as
// RFC 9110 asks) instead of a 404 that says the resource does not exist. A second router holds every
// route's pattern; it is asked only when Fastify's own router found nothing, so no hit path pays for it.
import FindMyWay from 'find-my-way';
import type { App } from './deps.js';

export interface RouteMethods {
  /** The methods registered for this path (HEAD with GET), or none. */
  allowed(path: string): string[];
}

export function trackRouteMethods(app: App): RouteMethods {
  const router = FindMyWay({ ignoreTrailingSlash: false, maxParamLength: 16 * 1024 });
  const methods = new Set<string>();
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      methods.add(method);
      // A wildcard route (such as the admin API's off switch) answers every method: never a 405.
      router.on(method as 'GET', route.url, () => undefined);
    }
  });
  return {
    allowed(path) {
      return [...methods].filter((method) => router.find(method as 'GET', path) !== null).sort();
    },
  };
}
