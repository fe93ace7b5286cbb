#!/usr/bin/env node
// The offerpay command line: serve, migrate, org create.
import { Command } from 'commander';
import { ConfigError, loadConfig, type Config } from './config.js';
import { DataDirBusyError } from './db/data-dir-lock.js';
import { migrate } from './db/migrate.js';
import { openDatabase } from './db/open.js';
import { createOrganisation } from './organisations/service.js';
import { resolveSecretKey } from './platform/secret-key.js';
import { handleSignals, startServer } from './server.js';

function fail(message: string): never {
  process.stderr.write(`offerpay: ${message}\n`);
  process.exit(1);
}

function config(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) fail(`invalid configuration: ${error.message}`);
    throw error;
  }
}

/** Opens the configured database, migrated, for one CLI command. */
async function withDatabase<T>(cfg: Config, fn: (db: Awaited<ReturnType<typeof openDatabase>>['db']) => Promise<T>): Promise<T> {
  const opened = await openDatabase(cfg);
  try {
    await migrate(opened.db);
    return await fn(opened.db);
  } finally {
    await opened.close();
  }
}

const program = new Command('offerpay').description('Self-hostable quote-to-cash server').showHelpAfterError();

program
  .command('serve')
  .description('start the HTTP server (migrates the database first)')
  .action(async () => {
    handleSignals(await startServer(config()));
  });

program
  .command('migrate')
  .description('apply pending database migrations')
  .action(async () => {
    const cfg = config();
    const opened = await openDatabase(cfg);
    try {
      const result = await migrate(opened.db);
      process.stdout.write(
        result.applied.length ? `applied: ${result.applied.join(', ')}\n` : `database is up to date (version ${result.current})\n`,
      );
    } finally {
      await opened.close();
    }
  });

const org = program.command('org').description('manage organisations');
org
  .command('create')
  .description('create an organisation with an API token and merchant credentials')
  .requiredOption('--name <name>', 'organisation name')
  .option('--json', 'print the result as JSON (the admin API\'s shape)')
  .action(async (options: { name: string; json?: boolean }) => {
    const name = options.name.trim();
    if (name.length === 0 || name.length > 200) fail('--name must be 1 to 200 characters');
    const cfg = config();
    const created = await withDatabase(cfg, (db) => createOrganisation({ db, secretKey: resolveSecretKey(cfg) }, { name }));
    if (options.json) {
      process.stdout.write(JSON.stringify(created, null, 2) + '\n');
    } else {
      process.stdout.write(
        [
          `organisation     ${created.organisation.id} (${created.organisation.name})`,
          `API token        ${created.apiToken}`,
          `merchant key     ${created.merchant.key}`,
          `merchant secret  ${created.merchant.secret}`,
          'These credentials are shown only once.',
        ].join('\n') + '\n',
      );
    }
  });

program.parseAsync().catch((error: unknown) => {
  if (error instanceof DataDirBusyError) fail(error.message);
  if (error instanceof ConfigError) fail(`invalid configuration: ${error.message}`);
  fail(error instanceof Error ? error.message : String(error));
});
