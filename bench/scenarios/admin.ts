// One authenticated request of the foundation: the admin API's organisation list.
import type { ScenarioSetup } from '../scenario.js';

const setup: ScenarioSetup = async (ctx) => [
  {
    name: 'GET /admin/organisations (bearer auth)',
    request: { method: 'GET', path: '/admin/organisations?limit=30', headers: { authorization: `Bearer ${ctx.adminToken}` } },
  },
];

export default setup;
