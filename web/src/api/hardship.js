import { api, withQuery } from './client.js';

// Hardship household files (困难职工档案), their policy, what-if runs, the worker's own file and
// the public notice board. Money is integer fen in every request and answer.

/** Page size bound of the file list; the server enforces its own maximum (200) too. */
export const kMaxFilePageSize = 100;
/** Rows a what-if answer carries per page (the server's default). */
export const kWhatIfPageSize = 50;

// The worker's own account and file.

/** Opens a worker's account: 201 {user_id, username (= phone)}; the server checks the real name. */
export const registerWorker = ({ name, idNumber, phone, password }) =>
  api.post('/api/v1/workers/register', { name, id_number: idNumber, phone, password }, { quiet401: true });

/** The worker's most recent file with its events; ApiError 404 when there is none. */
export const getMyFile = () => api.get('/api/v1/me/hardship');
export const applyForMyself = (declaration) => api.post('/api/v1/me/hardship', { declaration });

// Files.

/** One page of files; filters: queue, state, orgId, q (name, pinyin initials or ID tail). */
export const listFiles = ({ queue, state, orgId, q, page = 1, pageSize = 20 } = {}) =>
  api.get('/api/v1/hardship/files', {
    queue: queue && queue !== 'all' ? queue : undefined,
    state,
    org_id: orgId,
    q,
    page,
    page_size: Math.min(pageSize, kMaxFilePageSize),
  });

/** {queues: {tasks, upper_review, ...}, states: {state: n}} in the caller's scope (or orgId's subtree). */
export const getQueues = (orgId) => api.get('/api/v1/hardship/queues', { org_id: orgId });

/**
 * The workflow's steps as the server holds them: {items: [{action, from, to, permission, who
 * (own_or_above | above_only | service), needs_reason, danger}], notice_back_days}. A 401 does not
 * redirect (the caller retries later).
 */
export const getSteps = () => api.get('/api/v1/hardship/steps', undefined, { quiet401: true });

/** A cadre applies for a member of a union in their scope. */
export const applyForMember = (memberId, declaration) =>
  api.post('/api/v1/hardship/files', { member_id: memberId, declaration });

/** The file with declaration, next_actions and may_unmask; `unmask` is audited. */
export const getFile = (id, { unmask = false } = {}) =>
  api.get(`/api/v1/hardship/files/${id}`, { unmask: unmask ? 1 : undefined });

/** The account aid is paid to, in any open state; the holder name must be the real name. */
export const setBankAccount = (id, { bank, account, holderName }) =>
  api.put(`/api/v1/hardship/files/${id}/bank-account`, { bank, account, holder_name: holderName });

export const updateDeclaration = (id, declaration) =>
  api.patch(`/api/v1/hardship/files/${id}`, { declaration });

/** body {reason?, consent?, notice_start?, level?}; the answer is the file after the step. */
export const fileAction = (id, action, body = {}) =>
  api.post(`/api/v1/hardship/files/${id}/actions/${action}`, body);

/** The yearly review, re-assessing against today's policy. */
export const reviewFile = (id) => api.post(`/api/v1/hardship/files/${id}/review`, {});

export const recordMonth = (id, month, perHeadMonthlyFen) =>
  api.post(`/api/v1/hardship/files/${id}/months`, { month, per_head_monthly_fen: perHeadMonthlyFen });

export const getFileEvents = (id) => api.get(`/api/v1/hardship/files/${id}/events`);
export const getAssessments = (id) => api.get(`/api/v1/hardship/files/${id}/assessments`);
export const getObjections = (id) => api.get(`/api/v1/hardship/files/${id}/objections`);
export const raiseObjection = (id, raisedBy, content) =>
  api.post(`/api/v1/hardship/files/${id}/objections`, { raised_by: raisedBy, content });
export const answerObjection = (objectionId, answer) =>
  api.post(`/api/v1/hardship/objections/${objectionId}/answer`, { answer });

// Attachments: scans and photos of the papers behind a declaration (consent, income, medical, ...).

/** What an attachment is; the server refuses any other kind. */
export const kAttachmentKinds = ['consent', 'income', 'medical', 'identity', 'housing', 'other'];
/** The server's bound on an attachment's name, in characters. */
export const kMaxAttachmentNameLength = 100;

/** {items: [{id, name, kind, content_type, size, sha256, uploaded_by, uploaded_at}]}, oldest first. */
export const listAttachments = (fileId) => api.get(`/api/v1/hardship/files/${fileId}/attachments`);

/**
 * Sends a File as the raw body: 201 with the attachment. The server judges the type by the bytes
 * (JPEG, PNG or PDF, else 415) and refuses more than its attachment_max_bytes (413).
 */
export const uploadAttachment = (fileId, file, { kind, name }) =>
  api.upload(
    withQuery(`/api/v1/hardship/files/${fileId}/attachments`, { name, kind }),
    file,
    file.type || 'application/octet-stream',
  );

/** Where the browser opens an attachment's bytes (each view is audited by the server). */
export const attachmentUrl = (id) => `/api/v1/hardship/attachments/${id}`;

// Dictionaries and policy.

export const getCauses = () => api.get('/api/v1/hardship/causes');
export const getCalendar = (year) => api.get(`/api/v1/hardship/calendar/${year}`);

/** The policy in force for a region on a date (inherited from a parent region when it has none). */
export const getPolicy = (region, date) =>
  api.get(`/api/v1/hardship/policies/${encodeURIComponent(region)}`, { date });
export const getPolicyHistory = (region) =>
  api.get(`/api/v1/hardship/policies/${encodeURIComponent(region)}/history`);
export const savePolicy = (policy) => api.post('/api/v1/hardship/policies', policy);

// What-if.

/** Starts a run: 202 with the job. change: {dibao_monthly_fen?, relative_multiplier_permille?, ...}. */
export const startWhatIf = (change, orgId) =>
  api.post('/api/v1/hardship/whatif', orgId ? { org_id: orgId, change } : { change });

/** The job (state, progress, result) with one page of the households whose category changes. */
export const getWhatIf = (id, page = 1) =>
  api.get(`/api/v1/hardship/whatif/${id}`, { page, page_size: kWhatIfPageSize });

// Public, no session.

export const getPublicNotice = (orgId) =>
  api.get(`/api/v1/public/notices/${orgId}`, undefined, { quiet401: true });
