import { api, withQuery } from './client.js';

// The member registry, transfers and import jobs (docs/api-members.md).

/** Page size bound of the member list; the server enforces its own maximum too. */
export const kMaxMemberPageSize = 100;

export const kXlsxType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The list filters as query parameters (shared by the list and the export). */
function filterQuery({ q, orgId, state, employmentForm, sort, unmask } = {}) {
  return {
    q,
    org_id: orgId,
    state,
    employment_form: employmentForm,
    sort,
    unmask: unmask ? 1 : undefined,
  };
}

/** One page of members; filters: q, orgId, state, employmentForm, sort, unmask. */
export const listMembers = ({ page = 1, pageSize = 20, ...filters } = {}) =>
  api.get('/api/v1/members', {
    ...filterQuery(filters),
    page,
    page_size: Math.min(pageSize, kMaxMemberPageSize),
  });

/** The address of the XLSX export of the members the filters select (a download link). */
export const exportUrl = (filters) => withQuery('/api/v1/members/export', filterQuery(filters));

export const getMember = (id, { unmask = false } = {}) =>
  api.get(`/api/v1/members/${id}`, { unmask: unmask ? 1 : undefined });

export const createMember = (fields) => api.post('/api/v1/members', fields);
export const updateMember = (id, fields) => api.patch(`/api/v1/members/${id}`, fields);

/** action ∈ approve reject activate retain restore withdraw expel; body {reason?, org_id?}. */
export const memberAction = (id, action, body = {}) =>
  api.post(`/api/v1/members/${id}/actions/${action}`, body);

export const requestTransfer = (id, toOrgId, reason) =>
  api.post(`/api/v1/members/${id}/transfers`, { to_org_id: toOrgId, reason });

/** direction: out (releases to give) or in (acceptances to give). */
export const listTransfers = (direction, state = 'pending') =>
  api.get('/api/v1/transfers', { direction, state });

/** step ∈ release accept reject. */
export const transferStep = (id, step, reason) =>
  api.post(`/api/v1/transfers/${id}/${step}`, reason ? { reason } : {});

export const kImportTemplateUrl = '/api/v1/members/import/template';

/** The Content-Type an import file is sent with: XLSX by its name or type, CSV otherwise. */
export function importContentType(file) {
  const name = (file.name || '').toLowerCase();
  return name.endsWith('.xlsx') || file.type === kXlsxType ? kXlsxType : 'text/csv';
}

export const previewImport = (file) =>
  api.upload('/api/v1/members/import/preview', file, importContentType(file));

export const startImport = (file, update) =>
  api.upload(withQuery('/api/v1/members/import', { update: update ? 1 : 0 }), file, importContentType(file));

export const getJob = (id) => api.get(`/api/v1/jobs/${id}`);
export const cancelJob = (id) => api.post(`/api/v1/jobs/${id}/cancel`);
export const jobErrorsUrl = (id) => `/api/v1/jobs/${id}/errors.xlsx`;
