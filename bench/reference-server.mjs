// The floor under the ratios: the least work a database-backed endpoint does, with the same parts as
// offerpay (Fastify, pg, the same PostgreSQL) and none of its logic. `/one` makes one one-row round
// trip per request, `/two` two (as a token lookup plus one query). Started by bench/run.ts.
import Fastify from 'fastify';
import pg from 'pg';

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 20 });
const one = () => pool.query({ name: 'reference_one', text: 'SELECT 1 AS one' });
const app = Fastify();
app.get('/one', async () => (await one()).rows[0]);
app.get('/two', async () => {
  await one();
  return (await one()).rows[0];
});
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
process.on('SIGTERM', () => void app.close().then(() => pool.end()).then(() => process.exit(0)));
