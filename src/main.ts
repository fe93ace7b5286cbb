#!/usr/bin/env node
// The offerpay command line: serve, migrate, org create, and a way back to lost credentials
// (token create, merchant-key rotate).
// First, for its effect: the embedded engine's young generation is sized before the rest of the program runs.
import './server-young-generation.js';
import { Command } from 'commander';
import { ConfigError, loadConfig, type Config } from './config.js';
import { DataDirBusyError } from './db/data-dir-lock.js';
import type { Database } from './db/database.js';
import { SCOPES, type Scope } from './organisations/credentials.js';
import type { Context } from './platform/context.js';
import { AppError, describeError } from './platform/errors.js';
import { ROLES } from './users/permissions.js';

// Each command imports what it runs when it runs: `serve` opens the database before the app's modules
// load (server.ts), and a CLI command does not load the server.

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
async function withDatabase<T>(cfg: Config, fn: (db: Database) => Promise<T>): Promise<T> {
  const [{ openDatabase }, { migrate }] = await Promise.all([import('./db/open.js'), import('./db/migrate.js')]);
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
    const cfg = config();
    const { handleSignals, startServer } = await import('./server.js');
    handleSignals(await startServer(cfg));
  });

program
  .command('migrate')
  .description('apply pending database migrations')
  .action(async () => {
    const cfg = config();
    const [{ openDatabase }, { migrate }] = await Promise.all([import('./db/open.js'), import('./db/migrate.js')]);
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
  .option('--json', "print the result as JSON (the admin API's shape)")
  .action(async (options: { name: string; json?: boolean }) => {
    const name = options.name.trim();
    if (name.length === 0 || name.length > 200) fail('--name must be 1 to 200 characters');
    const cfg = config();
    const [{ createOrganisation }, { resolveSecretKey }] = await Promise.all([
      import('./organisations/service.js'),
      import('./platform/secret-key.js'),
    ]);
    const created = await withDatabase(cfg, (db) => createOrganisation({ db, secretKey: resolveSecretKey(cfg) }, { name }));
    if (options.json) {
      process.stdout.write(`${JSON.stringify(created, null, 2)}\n`);
    } else {
      process.stdout.write(
        `${[
          `organisation     ${created.organisation.id} (${created.organisation.name})`,
          `API token        ${created.apiToken}`,
          `merchant key     ${created.merchant.key}`,
          `merchant secret  ${created.merchant.secret}`,
          'These credentials are shown only once.',
        ].join('\n')}\n`,
      );
    }
  });

/** The organisation's context for a CLI command, on the configured database (migrated). */
async function asOrganisation<T>(orgOption: string, fn: (ctx: Context) => Promise<T>): Promise<T> {
  const [{ UUID }, { resolveSecretKey }, { systemClock }] = await Promise.all([
    import('./platform/schemas.js'),
    import('./platform/secret-key.js'),
    import('./platform/time.js'),
  ]);
  const organisationId = orgOption.trim().toLowerCase();
  if (!UUID.test(organisationId)) fail('--org must be an organisation id (a UUID, as `org create` and the admin API print it)');
  const cfg = config();
  return withDatabase(cfg, (db) =>
    fn({
      deps: { config: cfg, db, secretKey: resolveSecretKey(cfg), clock: systemClock },
      organisationId,
      actor: { kind: 'admin' },
      request: null,
    }),
  );
}

const print = (json: boolean, value: unknown, lines: string[]) =>
  process.stdout.write(json ? `${JSON.stringify(value, null, 2)}\n` : `${lines.join('\n')}\n`);

const token = program.command('token').description("manage an organisation's Offers API tokens");
token
  .command('create')
  .description('issue a new API token for an organisation (lost tokens cannot be shown again: issue a new one)')
  .requiredOption('--org <id>', 'organisation id')
  .option('--scopes <list>', `comma-separated scopes (default: all of ${SCOPES.join(', ')})`)
  .option('--label <label>', 'who holds the token (approval policies show it)')
  .option('--json', "print the result as JSON (the admin API's shape)")
  .action(async (options: { org: string; scopes?: string; label?: string; json?: boolean }) => {
    const scopes = options.scopes
      ?.split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const unknown = scopes?.filter((s) => !(SCOPES as readonly string[]).includes(s)) ?? [];
    if (scopes?.length === 0 || unknown.length > 0) fail(`--scopes takes a comma-separated list of ${SCOPES.join(', ')}`);
    if (options.label !== undefined && options.label.length > 200) fail('--label must be at most 200 characters');
    const { createApiToken } = await import('./organisations/api-tokens.js');
    const created = await asOrganisation(options.org, (ctx) =>
      createApiToken(ctx, {
        ...(scopes ? { scopes: scopes as Scope[] } : {}),
        ...(options.label !== undefined ? { label: options.label } : {}),
      }),
    );
    print(options.json ?? false, created, [
      `API token  ${created.token}  (id ${created.id}; scopes ${created.scopes.join(', ')})`,
      `In a shell: TOKEN=${created.token}`,
      'The token is shown only once.',
    ]);
  });

const merchantKey = program.command('merchant-key').description("manage an organisation's Merchant API key and secret");
merchantKey
  .command('rotate')
  .description('issue a new merchant key and secret; the previous pair stops working at once')
  .requiredOption('--org <id>', 'organisation id')
  .option('--json', "print the result as JSON (the admin API's shape)")
  .action(async (options: { org: string; json?: boolean }) => {
    const { rotateMerchantKey } = await import('./organisations/rotate-merchant-key.js');
    const pair = await asOrganisation(options.org, (ctx) => rotateMerchantKey(ctx));
    print(options.json ?? false, pair, [
      `merchant key     ${pair.key}`,
      `merchant secret  ${pair.secret}`,
      `In a shell: KEY=${pair.key}; SECRET=${pair.secret}`,
      'The secret is shown only once; the previous key and secret no longer work.',
    ]);
  });

/** All of standard input (a password piped in, so it stays out of the shell history), without the final newline. */
async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

const user = program.command('user').description("manage an organisation's console users");
user
  .command('create')
  .description('create a console user; without --password-stdin it prints a one-time invitation link')
  .requiredOption('--org <id>', 'organisation id')
  .requiredOption('--email <email>', 'e-mail address (the sign-in name)')
  .requiredOption('--name <name>', 'full name')
  .option('--role <role>', `one of ${ROLES.join(', ')}`, 'owner')
  .option('--password-stdin', 'read the password from standard input')
  .option('--json', "print the result as JSON (the admin API's shape)")
  .action(async (options: { org: string; email: string; name: string; role: string; passwordStdin?: boolean; json?: boolean }) => {
    const password = options.passwordStdin ? await readStdin() : undefined;
    const input = { email: options.email, name: options.name, role: options.role, ...(password !== undefined ? { password } : {}) };
    const { createUser } = await import('./users/create-user.js');
    const created = await asOrganisation(options.org, (ctx) => createUser(ctx.deps, ctx.organisationId, input, { returnLink: true })).catch(
      (error: unknown) => {
        if (error instanceof AppError)
          fail([error.message, ...error.violations.map((v) => `  ${v.propertyPath}: ${v.message}`)].join('\n'));
        throw error;
      },
    );
    const invitation = created.invitation;
    print(options.json ?? false, created, [
      `user  ${created.user.email}  (id ${created.user.id}; role ${created.user.role})`,
      ...(invitation
        ? [
            `invitation link  ${invitation.link}`,
            `The link works once and holds until ${invitation.expiresAt.toISOString()}${invitation.emailed ? '; it was also e-mailed' : ''}.`,
          ]
        : ['The user can sign in at /app/login.']),
    ]);
  });

program.parseAsync().catch((error: unknown) => {
  if (error instanceof DataDirBusyError) fail(error.message);
  if (error instanceof ConfigError) fail(`invalid configuration: ${error.message}`);
  fail(describeError(error));
});
