import { api } from './client.js';

/** Page size bound of the subtree table; the server enforces its own maximum too. */
export const kMaxPageSize = 100;

export const listRootOrgs = () => api.get('/api/v1/orgs');
export const listChildOrgs = (parentId) => api.get('/api/v1/orgs', { parent_id: parentId });
/** Orgs by name, pinyin or initials: the caller's own, or with purpose 'transfer' any active
 * union in the tree a member may transfer to. */
export const searchOrgs = (q, limit = 20, purpose = '') =>
  api.get('/api/v1/orgs/search', purpose ? { q, limit, for: purpose } : { q, limit });
export const getOrg = (id) => api.get(`/api/v1/orgs/${id}`);

/** One page of the subtree of `id`; filters: q (name), level, kind, status. */
export const listSubtree = (id, { page = 1, pageSize = 20, q, level, kind, status } = {}) =>
  api.get(`/api/v1/orgs/${id}/subtree`, {
    page,
    page_size: Math.min(pageSize, kMaxPageSize),
    q,
    level,
    kind,
    status,
  });

export const createOrg = (fields) => api.post('/api/v1/orgs', fields);
export const updateOrg = (id, fields) => api.patch(`/api/v1/orgs/${id}`, fields);
export const closeOrg = (id, reason) => api.post(`/api/v1/orgs/${id}/close`, { reason });
export const listRegions = (parent) => api.get('/api/v1/regions', { parent });
