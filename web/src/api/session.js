import { api } from './client.js';

/** Logs in; resolves to the Session answer, rejects with ApiError (401 wrong, 423 locked). */
export const login = (username, password) =>
  api.post('/api/v1/session', { username, password }, { quiet401: true });

/** The current session, or ApiError 401 when there is none. */
export const fetchSession = () => api.get('/api/v1/session', undefined, { quiet401: true });

export const logout = () => api.del('/api/v1/session', { quiet401: true });
