// The wallet's Merchant API routes: permanent deposit addresses, crypto withdrawals, exchanges between
// balances, and the legacy futures (refused). Thin: context, declared body, one use case, the envelope.
import type { FastifyReply } from 'fastify';
import type { App, Deps } from '../platform/deps.js';
import { takeAddress } from './addresses/take.js';
import { merchantContext } from './auth.js';
import { futuresUnavailable } from './errors.js';
import { executeExchange } from './exchange/execute.js';
import { calculateExchange } from './exchange/quote.js';
import { formatUnits } from './money.js';
import { anyBody, route } from './schemas.js';
import { registerSandboxWalletRoutes } from './sandbox-address-routes.js';
import { addressData, exchangeData, withdrawalData } from './wallet/serialize.js';
import * as requests from './wallet-requests.js';
import * as s from './wallet-schemas.js';
import { withdraw } from './withdrawals/create.js';

const tags = { tags: ['Merchant API wallet'] };
/** The vendor answers creates with 201 (route() types its replies by the error codes only). */
const created = (reply: FastifyReply, data: unknown) => reply.status(201).send({ data });

export function registerWalletRoutes(app: App, deps: Deps): void {
  app.post('/addresses/take', {
    ...route('A permanent deposit address per foreign_id and currency', requests.takeAddressBody.schema, { 200: s.AddressReply }, tags),
    handler: async (request) => {
      const ctx = merchantContext(deps, request);
      return { data: addressData(await takeAddress(ctx, requests.parseTakeAddress(request.body))) };
    },
  });

  app.post('/withdrawal/crypto', {
    ...route('Send crypto from a balance (idempotent on foreign_id)', requests.withdrawBody.schema, { 201: s.WithdrawalReply }, tags),
    handler: async (request, reply) => {
      const ctx = merchantContext(deps, request);
      const withdrawal = await withdraw(ctx, requests.parseWithdraw(request.body));
      return created(reply, withdrawalData(withdrawal));
    },
  });

  app.post('/exchange/calculate', {
    ...route('Quote an exchange between two balances (no state)', requests.calculateBody.schema, { 200: s.CalculateReply }, tags),
    handler: async (request) => {
      const q = calculateExchange(merchantContext(deps, request), requests.parseCalculate(request.body));
      return {
        data: {
          sender_currency: q.senderCurrency,
          sender_amount: formatUnits(q.senderAmount),
          receiver_currency: q.receiverCurrency,
          receiver_amount: formatUnits(q.receiverAmount),
          fee_currency: q.senderCurrency,
          fee_amount: formatUnits(q.feeAmount),
          price: formatUnits(q.price),
          ts_fixed: q.tsFixed,
          ts_release: q.tsRelease,
          fix_period: q.fixPeriod,
        },
      };
    },
  });

  for (const [path, fixed, summary] of [
    ['/exchange/fixed', true, "Exchange at a quote's price (refused when the rate moved)"],
    ['/exchange/now', false, 'Exchange at the current rate'],
  ] as const) {
    app.post(path, {
      ...route(summary, (fixed ? requests.exchangeFixedBody : requests.exchangeNowBody).schema, { 201: s.ExchangeReply }, tags),
      handler: async (request, reply) => {
        const ctx = merchantContext(deps, request);
        const { transaction, created: isNew } = await executeExchange(ctx, requests.parseExchange(request.body, fixed));
        // A new exchange answers `processing` as the vendor's does (its `confirmed` callback follows); a repeat, its status.
        return created(reply, exchangeData(transaction, isNew ? 'processing' : transaction.status));
      },
    });
  }

  for (const path of ['/futures/rates', '/futures/confirm']) {
    app.post(path, {
      ...route(
        'Legacy futures: not available (400 futures_unavailable)',
        requests.futuresBody.schema,
        { 400: anyBody('futures_unavailable') },
        tags,
      ),
      handler: async (request) => {
        merchantContext(deps, request);
        throw futuresUnavailable();
      },
    });
  }

  registerSandboxWalletRoutes(app, deps);
}
