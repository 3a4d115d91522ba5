// The coded values of an org, in the order of docs/api-contract.md.

export const kLevels = ['national', 'province', 'city', 'county', 'grassroots'];

export const kKinds = [
  'enterprise',
  'institution',
  'government',
  'social_org',
  'joint',
  'township',
  'street',
  'community',
  'village',
  'regional',
  'industry',
  'building',
  'park',
  'business_district',
  'market',
  'new_employment',
  'other',
];

export const kStatuses = ['active', 'closed'];

/** Levels a child of an org at `level` may have: any lower level; grassroots below grassroots. */
export function childLevels(level) {
  const index = kLevels.indexOf(level);
  if (index < 0) return kLevels;
  return index === kLevels.length - 1 ? ['grassroots'] : kLevels.slice(index + 1);
}

/** The usual level of a new child: one step down. */
export function defaultChildLevel(level) {
  return childLevels(level)[0];
}

/** Bounds of the form inputs (the server checks its own; a reason's is in GET /api/v1/limits). */
export const kMaxNameLength = 100;
