// The ordered list of migrations. Append only: a released migration is never edited.
import foundation from './0001_foundation.js';
import offers from './0002_offers.js';
import invoices from './0003_invoices.js';
import webhooks from './0004_webhooks.js';
import recipientFlow from './0005_recipient_flow.js';
import offerApprovals from './0006_offer_approvals.js';
import emailMessages from './0007_email_messages.js';
import retentionIndexes from './0008_retention_indexes.js';
import offerTemplates from './0009_offer_templates.js';
import offerListVersions from './0010_offer_list_versions.js';
import idempotencyKeys from './0011_idempotency_keys.js';
import offerDocumentJobs from './0012_offer_document_jobs.js';
import orderedCallbacks from './0013_ordered_callbacks.js';
import wallet from './0014_wallet.js';
import offerTimesInSeconds from './0015_offer_times_in_seconds.js';
import merchantNonces from './0016_merchant_nonces.js';
import mediaFiles from './0017_media_files.js';
import limits from './0018_limits.js';
import sealedEventLinks from './0019_sealed_event_links.js';
import liveMerchants from './0020_live_merchants.js';
import evmWatcher from './0021_evm_watcher.js';
import organisationProfile from './0022_organisation_profile.js';
import offerNameOrder from './0023_offer_name_order.js';
import evmPaymentFailures from './0024_evm_payment_failures.js';
import recipientDecline from './0025_recipient_decline.js';
import approvalPeople from './0026_approval_people.js';
import users from './0028_users.js';
import deliveryClaimIndex from './0030_delivery_claim_index.js';
import invoiceCallbackIndexes from './0032_invoice_callback_indexes.js';
import webhookDescription from './0033_webhook_description.js';
import approvalInboxIndex from './0035_approval_inbox_index.js';
import offerListCoveringIndexes from './0037_offer_list_covering_indexes.js';
import accountChoiceUses from './0038_account_choice_uses.js';
import deliveryWriteAmplification from './0039_delivery_write_amplification.js';
import offerListJson from './0040_offer_list_json.js';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const migrations: readonly Migration[] = [
  foundation,
  offers,
  invoices,
  webhooks,
  recipientFlow,
  offerApprovals,
  emailMessages,
  retentionIndexes,
  offerTemplates,
  offerListVersions,
  idempotencyKeys,
  offerDocumentJobs,
  orderedCallbacks,
  wallet,
  offerTimesInSeconds,
  merchantNonces,
  mediaFiles,
  limits,
  sealedEventLinks,
  liveMerchants,
  evmWatcher,
  organisationProfile,
  offerNameOrder,
  evmPaymentFailures,
  recipientDecline,
  approvalPeople,
  users,
  deliveryClaimIndex,
  invoiceCallbackIndexes,
  webhookDescription,
  approvalInboxIndex,
  offerListCoveringIndexes,
  accountChoiceUses,
  deliveryWriteAmplification,
  offerListJson,
];
