// The floor under the ratios: the least work a database-backed endpoint does, with the same parts as
// offerpay (Fastify, pg, the same PostgreSQL) and none of its logic. `/one` makes one one-row round
// trip per request, `/two` two (as a token lookup plus one query), and `POST /write` one durable
// single-row INSERT (autocommit: one commit, as every write offerpay answers for). Started by bench/run.ts.
import Fastify from 'fastify';
import pg from 'pg';

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 20 });
const one = () => pool.query({ name: 'reference_one', text: 'SELECT 1 AS one' });
await pool.query('CREATE TABLE IF NOT EXISTS bench_reference_writes (id bigserial PRIMARY KEY, body text NOT NULL)');
const app = Fastify();
app.get('/one', async () => (await one()).rows[0]);
app.get('/two', async () => {
  await one();
  return (await one()).rows[0];
});
app.post('/write', async () => {
  const { rows } = await pool.query({
    name: 'reference_write',
    text: 'INSERT INTO bench_reference_writes (body) VALUES ($1) RETURNING id',
    values: ['{}'],
  });
  return { id: rows[0].id };
});
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
process.on(
  'SIGTERM',
  () =>
    void app
      .close()
      .then(() => pool.end())
      .then(() => process.exit(0)),
);
