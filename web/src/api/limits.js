import { api } from './client.js';

/**
 * The limits the server holds input and lists to (needs a session): {text_max_chars,
 * long_text_max_chars, name_max_chars, notice_back_days, import_max_bytes, attachment_max_bytes,
 * member_page_size_max, aid_queue_limit, payment_run_max_items, fund_list_limit}. Text limits are
 * in characters that always fit the server's byte limits. A 401 does not redirect (the caller
 * retries later).
 */
export const getLimits = () => api.get('/api/v1/limits', undefined, { quiet401: true });
