// The one way the web app talks to the zhijia server (docs/api-contract.md).
//
// Every call sends the chosen language as Accept-Language so that server error messages come
// back in the language on screen, sends the session cookie (same origin), and adds the CSRF token
// to unsafe methods. A 401 on any call other than the session ones hands control to the
// unauthorized handler (which sends the user to the login page).

const kUnsafeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** An error answer of the server, or a network failure (status 0, code "network"). */
export class ApiError extends Error {
  constructor(status, code, message, field) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.field = field || null;
  }
}

const config = {
  csrfToken: () => null,
  language: () => 'zh-CN',
  onUnauthorized: () => {},
  networkErrorMessage: () => 'Network error',
};

/** Wires the client to the session store, i18n and router; called once from main.js. */
export function configureApi(options) {
  Object.assign(config, options);
}

/** Builds "path?k=v&..." leaving out empty values. */
export function withQuery(path, query) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query || {})) {
    if (value !== undefined && value !== null && value !== '') params.append(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

/**
 * Sends one request and returns the parsed JSON answer (null for 204).
 * Throws ApiError for any non-2xx answer; `options.quiet401` keeps a 401 from redirecting
 * (used by the login form and by the session restore on page load).
 */
export async function request(method, path, body, options = {}) {
  const headers = { Accept: 'application/json', 'Accept-Language': config.language() };
  // `options.contentType` sends `body` as it is (a File or Blob: an upload), otherwise as JSON.
  const raw = Boolean(options.contentType);
  if (body !== undefined) headers['Content-Type'] = raw ? options.contentType : 'application/json';
  if (kUnsafeMethods.has(method)) {
    const token = config.csrfToken();
    if (token) headers['X-CSRF-Token'] = token;
  }
  let response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined || raw ? body : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'network', config.networkErrorMessage());
  }
  const payload = await readJson(response);
  if (response.ok) return payload;
  const error = payload && payload.error ? payload.error : {};
  const failure = new ApiError(
    response.status,
    error.code || `http_${response.status}`,
    error.message || `${response.status} ${response.statusText}`,
    error.field,
  );
  if (response.status === 401 && !options.quiet401) config.onUnauthorized(failure);
  throw failure;
}

async function readJson(response) {
  if (response.status === 204) return null;
  const text = await response.text();
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

export const api = {
  get: (path, query, options) => request('GET', withQuery(path, query), undefined, options),
  post: (path, body, options) => request('POST', path, body ?? {}, options),
  patch: (path, body, options) => request('PATCH', path, body ?? {}, options),
  put: (path, body, options) => request('PUT', path, body ?? {}, options),
  del: (path, options) => request('DELETE', path, undefined, options),
  /** POSTs a file as the raw request body with the given Content-Type. */
  upload: (path, file, contentType, options) =>
    request('POST', path, file, { ...options, contentType }),
};
