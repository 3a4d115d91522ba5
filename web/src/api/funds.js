import { api, withQuery } from './client.js';

// Assistance funds (帮扶资金): the fund accounts of the double-entry ledger, their statements and
// period reports, the reconciliation of aid payments with a bank statement, and aid — requested
// for a filed household from one fund, approved by the union of the level the amount needs.
// Money is integer fen in every request and answer.

/** Rows of a statement page; the server's bound is 500. */
export const kStatementPageSize = 20;
/** The server's bound on a bank statement sent for reconciliation (20 MiB). */
export const kMaxStatementBytes = 20 * 1024 * 1024;

// Fund accounts.

/**
 * {items: [account], total_balance}: the fund accounts in scope (or in orgId's subtree); with
 * includeUpper, also the funds of the unions above (marked `upper`), which aid may be asked from.
 */
export const listFundAccounts = (orgId, includeUpper = false) =>
  api.get('/api/v1/funds/accounts', { org_id: orgId, include_upper: includeUpper ? 1 : undefined });

/** A new fund account of an org: 201 with the account. */
export const createFundAccount = ({ name, orgId, sources, purposes, levels }) =>
  api.post('/api/v1/funds/accounts', { name, org_id: orgId, sources, purposes, levels });

/** {account, items: [transfer + direction debit|credit], page, page_size}, newest first. */
export const getStatement = (id, page = 1, pageSize = kStatementPageSize) =>
  api.get(`/api/v1/funds/accounts/${id}/statement`, { page, page_size: pageSize });

/**
 * A fund's period (whole days in Beijing, "YYYY-MM-DD"): opening, income by source, spending by
 * purpose, closing and what is reserved now.
 */
export const getFundReport = (id, { from, to } = {}) =>
  api.get(`/api/v1/funds/accounts/${id}/report`, { from, to });

/**
 * Sends a bank statement (CSV in UTF-8 or GBK, or XLSX; columns 交易日期, 金额, 对方账号,
 * 对方户名, 摘要) as the raw body: {matched: [{payment, line}], missing, extra, bad_rows}.
 */
export const reconcileFund = (id, file, { from, to } = {}) =>
  api.upload(
    withQuery(`/api/v1/funds/accounts/${id}/reconcile`, { from, to }),
    file,
    file.type || 'application/octet-stream',
  );

// Aid.

/**
 * Requests aid: {fileId, fundAccountId, kind, amountFen, selfPaidFen (medical), reason}; 201 with
 * the aid, awaiting approval at the level its amount needs.
 */
export const requestAid = ({ fileId, fundAccountId, kind, amountFen, selfPaidFen, reason }) =>
  api.post('/api/v1/funds/aid', {
    file_id: fileId,
    fund_account_id: fundAccountId,
    kind,
    amount_fen: amountFen,
    self_paid_fen: selfPaidFen ?? undefined,
    reason: reason || undefined,
  });

/**
 * What `amountFen` of aid of `kind` would need for the household this year, as the server decides
 * it: {approval_level, kind_cap_fen, year_cap_fen, kind_used_fen, year_used_fen}. 400 on an
 * unknown kind, 404 when the file is out of scope.
 */
export const getAidQuote = ({ fileId, kind, amountFen }) =>
  api.get('/api/v1/funds/aid/quote', { file_id: fileId, kind, amount_fen: amountFen });

/** {items}: the aid awaiting approval that this user may decide (their scope and level). */
export const getAidQueue = () => api.get('/api/v1/funds/aid/queue');

export const approveAid = (id) => api.post(`/api/v1/funds/aid/${id}/approve`, {});
export const rejectAid = (id, reason) => api.post(`/api/v1/funds/aid/${id}/reject`, { reason });

/** {items, posted_fen}: a household's aid, oldest first, and what was paid out. */
export const getFileAid = (fileId) => api.get(`/api/v1/hardship/files/${fileId}/aid`);

// Payment runs (批量发放): the approved aid of a fund not yet sent to the bank, gathered into a
// run whose bank file (XLSX, full account numbers) the bank pays from.

/** {items: [aid, account masked], total_fen}: what the fund's next run would pay. */
export const getUnpaidAid = (id) => api.get(`/api/v1/funds/accounts/${id}/unpaid-aid`);

/** {items: [run]}: the fund's payment runs. */
export const listPaymentRuns = (id) => api.get(`/api/v1/funds/accounts/${id}/payment-runs`);

/** A run of all the fund's unpaid aid: 201 with {id, items, total_fen, created_by, created_at}; 409 when none. */
export const createPaymentRun = (id) => api.post(`/api/v1/funds/accounts/${id}/payment-runs`, {});

/** The run's bank file; downloading it is audited (it holds full account numbers). */
export const paymentRunBankFileUrl = (runId) => `/api/v1/funds/payment-runs/${runId}/bank-file.xlsx`;

/** The recipients' public notice of a union for a year: {org_name, year, total_fen, items}. No login. */
export const getPublicAidNotice = (orgId, year) =>
  api.get(`/api/v1/public/aid-notices/${orgId}`, { year }, { quiet401: true });

/** Retires an account with nothing on it and nothing reserved; a retry returns it unchanged. */
export const retireFundAccount = (id, reason) => api.post(`/api/v1/funds/accounts/${id}/retire`, { reason });
