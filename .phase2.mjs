import { PGlite } from '@electric-sql/pglite';
const t0 = performance.now(); const c0 = process.cpuUsage();
const lap = (() => { let last = t0; return (name) => { const now = performance.now(); const c = process.cpuUsage(c0); console.log(name.padEnd(20), Math.round(now - last), 'ms', 'cpu', Math.round((c.user+c.system)/1000), 'rss', Math.round(process.memoryUsage().rss/1048576), 'ext', Math.round(process.memoryUsage().external/1048576)); last = now; }; })();
const settings = ['shared_buffers=32MB', 'work_mem=4MB', 'maintenance_work_mem=32MB', 'temp_buffers=4MB'];
const extra = process.argv[3] ? process.argv[3].split(',') : [];
const pg = new PGlite({ dataDir: process.argv[2], startParams: [...PGlite.defaultStartParams, ...[...settings, ...extra].flatMap((s) => ['-c', s])], initialMemory: process.env.IM ? Number(process.env.IM) * 1048576 : undefined,
  onStderr: (t) => { if (/recover|redo|shut|checkpoint/i.test(t)) console.log('STDERR', t); return false; } });
await pg.waitReady; lap('waitReady');
await pg.query('SELECT 1'); lap('select 1');
await pg.query('SELECT count(*) FROM organisations'); lap('count orgs');
console.log((await pg.query("SELECT name, setting FROM pg_settings WHERE name IN ('shared_buffers','wal_buffers','work_mem','checkpoint_timeout','max_wal_size','fsync','synchronous_commit','shared_memory_size','max_connections','max_locks_per_transaction','max_prepared_transactions','huge_pages','full_page_writes','wal_level')")).rows.map(r=>r.name+'='+r.setting).join(' '));
console.log((await pg.query("SELECT checkpoint_lsn, redo_lsn, checkpoint_time FROM pg_control_checkpoint()")).rows);
console.log((await pg.query("SELECT pg_current_wal_lsn()")).rows);
await pg.close(); lap('close');
