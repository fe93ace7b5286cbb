// The sandbox network's wallet routes: a payer pays a permanent deposit address, the chain confirms
// it, and the network ends a withdrawal. Signed like every call; 403 sandbox_disabled elsewhere.
import { randomToken } from '../platform/crypto.js';
import type { App, Deps } from '../platform/deps.js';
import { recordDeposit, recordDepositConfirmations } from './addresses/deposit.js';
import { merchantContext } from './auth.js';
import { requireSandbox } from './sandbox-api.js';
import { anyBody, route } from './schemas.js';
import { depositCallback, withdrawalData } from './wallet/serialize.js';
import * as requests from './wallet-requests.js';
import * as s from './wallet-schemas.js';
import { settleWithdrawal } from './withdrawals/settle.js';

const sandbox = (params: unknown) => ({ 'x-offerpay-extension': true, tags: ['Merchant API sandbox'], params });
const depositReply = { 200: anyBody('`{"data": deposit}`, shaped like its `deposit` callback') };

export function registerSandboxWalletRoutes(app: App, deps: Deps): void {
  app.post<{ Params: { address: string } }>('/sandbox/addresses/:address/payments', {
    ...route('Simulate a payment to a deposit address', requests.simulateDepositBody.schema, depositReply, sandbox(s.AddressParams)),
    handler: async (request) => {
      const ctx = merchantContext(deps, request);
      requireSandbox(ctx);
      const b = requests.parseSimulateDeposit(request.body);
      const txid = b.txid ?? `sandbox_d_${randomToken(12)}`;
      const { transaction, address } = await recordDeposit(ctx, {
        address: request.params.address,
        amount: b.amount,
        confirmations: b.confirmations,
        txid,
      });
      return { data: depositCallback(transaction, address) };
    },
  });

  app.post<{ Params: { address: string } }>('/sandbox/addresses/:address/confirmations', {
    ...route(
      "Simulate confirmations of a deposit's transaction",
      requests.simulateDepositConfirmationsBody.schema,
      depositReply,
      sandbox(s.AddressParams),
    ),
    handler: async (request) => {
      const ctx = merchantContext(deps, request);
      requireSandbox(ctx);
      const b = requests.parseSimulateDepositConfirmations(request.body);
      const { transaction, address } = await recordDepositConfirmations(ctx, { address: request.params.address, ...b });
      return { data: depositCallback(transaction, address) };
    },
  });

  app.post<{ Params: { foreign_id: string } }>('/sandbox/withdrawals/:foreign_id/complete', {
    ...route(
      'End a processing withdrawal: confirmed (default) or cancelled (refunded)',
      requests.settleWithdrawalBody.schema,
      { 200: s.WithdrawalReply },
      sandbox(s.ForeignIdParams),
    ),
    handler: async (request) => {
      const ctx = merchantContext(deps, request);
      requireSandbox(ctx);
      const status = requests.parseSettleWithdrawal(request.body);
      const t = await settleWithdrawal(ctx, { foreignId: request.params.foreign_id, event: status === 'confirmed' ? 'confirm' : 'cancel' });
      return { data: withdrawalData(t) };
    },
  });
}
