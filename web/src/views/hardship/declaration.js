// A household's declaration (FileData in src/hardship/file.h) as the forms edit it, and back.
// The forms keep money in fen (MoneyInput shows yuan) and empty text as ''; the API wants null
// for empty text and whole fen. Server errors name a field by its path ("people[0].id_number",
// "bank.holder_name"); `stepOfField` tells which section of the form holds it.

export const kRelations = ['spouse', 'child', 'parent', 'other'];
export const kIncomeKinds = ['wage', 'pension', 'business', 'union_aid', 'holiday_gift', 'other'];
export const kExpenseKinds = ['medical', 'schooling', 'rehabilitation', 'disaster'];
export const kHealth = ['good', 'chronic', 'serious'];
export const kHousingTypes = ['own', 'rented', 'public', 'other'];
export const kHukouTypes = ['urban', 'rural'];
export const kEmployerTypes = ['state', 'private', 'foreign', 'public', 'other'];
export const kMaritalStatuses = ['married', 'single', 'divorced', 'widowed'];
export const kMaxSecondaryCauses = 3;
export const kMaxPeople = 29;
export const kMaxItems = 50;

/** The form's sections in the order the mobile steps walk them. */
export const kSteps = ['household', 'money', 'assets', 'causes', 'bank'];

const kFieldSteps = {
  phone: 'household',
  health: 'household',
  disabled: 'household',
  holder_working: 'household',
  holder_able_to_work: 'household',
  marital_status: 'household',
  hukou_type: 'household',
  employer_type: 'household',
  industry: 'household',
  migrant_worker: 'household',
  employment_months: 'household',
  model_worker: 'household',
  people: 'household',
  incomes: 'money',
  expenses: 'money',
  housing_type: 'assets',
  housing_area_m2: 'assets',
  homes: 'assets',
  private_car: 'assets',
  owns_business: 'assets',
  child_private_school: 'assets',
  primary_cause: 'causes',
  secondary_causes: 'causes',
  sudden_event: 'causes',
  accident_costs_fen: 'causes',
  notes: 'causes',
  bank: 'bank',
};

/** The section of the form a server field path belongs to; null when the form has no such field. */
export function stepOfField(path) {
  if (!path) return null;
  const head = String(path).split(/[.[]/)[0];
  return kFieldSteps[head] || null;
}

export function blankPerson() {
  return {
    name: '',
    relation: 'spouse',
    id_number: '',
    health: '',
    disabled: false,
    insurance: '',
    school_or_employer: '',
    working: false,
    able_to_work: false,
  };
}

export function blankMoney(kind) {
  return { kind, amount_fen: null, note: '' };
}

export function blankDeclaration() {
  return {
    phone: '',
    health: '',
    disabled: false,
    holder_working: true,
    holder_able_to_work: true,
    marital_status: '',
    hukou_type: '',
    employer_type: '',
    industry: '',
    migrant_worker: false,
    employment_months: 0,
    people: [],
    incomes: [blankMoney('wage')],
    expenses: [],
    housing_type: '',
    housing_area_m2: null,
    homes: 1,
    private_car: false,
    owns_business: false,
    child_private_school: false,
    primary_cause: '',
    secondary_causes: [],
    sudden_event: false,
    accident_costs_fen: null,
    notes: '',
    bank: { bank: '', account: '', holder_name: '' },
  };
}

const text = (value) => (value === null || value === undefined ? '' : String(value));

/** A declaration from the API as the form edits it. */
export function fromDeclaration(d) {
  const blank = blankDeclaration();
  if (!d) return blank;
  return {
    ...blank,
    ...Object.fromEntries(
      Object.entries(d).filter(([key]) => key in blank && !['people', 'incomes', 'expenses', 'bank'].includes(key)),
    ),
    phone: text(d.phone),
    health: text(d.health),
    marital_status: text(d.marital_status),
    hukou_type: text(d.hukou_type),
    employer_type: text(d.employer_type),
    industry: text(d.industry),
    housing_type: text(d.housing_type),
    notes: text(d.notes),
    people: (d.people || []).map((p) => ({
      ...blankPerson(),
      ...p,
      health: text(p.health),
      insurance: text(p.insurance),
      school_or_employer: text(p.school_or_employer),
    })),
    incomes: (d.incomes || []).map((m) => ({ kind: m.kind, amount_fen: m.amount_fen, note: text(m.note) })),
    expenses: (d.expenses || []).map((m) => ({ kind: m.kind, amount_fen: m.amount_fen, note: text(m.note) })),
    secondary_causes: [...(d.secondary_causes || [])],
    bank: d.bank ? { bank: d.bank.bank, account: d.bank.account, holder_name: d.bank.holder_name } : blank.bank,
  };
}

const orNull = (value) => {
  const trimmed = text(value).trim();
  return trimmed ? trimmed : null;
};

/**
 * The API body of a form, or {errors} naming the fields the browser can already tell are wrong
 * (amounts that are not amounts). Everything else is the server's to judge.
 */
export function toDeclaration(form, messages) {
  const errors = {};
  const money = (value, path) => {
    if (Number.isNaN(value)) errors[path] = messages.badAmount;
    return Number.isFinite(value) ? value : 0;
  };
  const items = (list, key) =>
    list
      .map((item, index) => ({ item, index }))
      .filter(({ item }) => item.amount_fen !== null || orNull(item.note))
      .map(({ item, index }) => ({
        kind: item.kind,
        amount_fen: money(item.amount_fen, `${key}[${index}].amount_fen`),
        note: orNull(item.note),
      }));
  const bank = form.bank || {};
  const hasBank = [bank.bank, bank.account, bank.holder_name].some((value) => orNull(value));
  const declaration = {
    phone: orNull(form.phone),
    health: orNull(form.health),
    disabled: Boolean(form.disabled),
    holder_working: Boolean(form.holder_working),
    holder_able_to_work: Boolean(form.holder_able_to_work),
    marital_status: orNull(form.marital_status),
    hukou_type: orNull(form.hukou_type),
    employer_type: orNull(form.employer_type),
    industry: orNull(form.industry),
    migrant_worker: Boolean(form.migrant_worker),
    employment_months: form.migrant_worker ? Number(form.employment_months) || 0 : 0,
    people: form.people.map((p) => ({
      name: text(p.name).trim(),
      relation: p.relation,
      id_number: text(p.id_number).trim(),
      health: orNull(p.health),
      disabled: Boolean(p.disabled),
      insurance: orNull(p.insurance),
      school_or_employer: orNull(p.school_or_employer),
      working: Boolean(p.working),
      able_to_work: Boolean(p.able_to_work),
    })),
    incomes: items(form.incomes, 'incomes'),
    expenses: items(form.expenses, 'expenses'),
    housing_type: orNull(form.housing_type),
    housing_area_m2: Number(form.housing_area_m2) || 0,
    homes: Number(form.homes) || 0,
    private_car: Boolean(form.private_car),
    owns_business: Boolean(form.owns_business),
    child_private_school: Boolean(form.child_private_school),
    primary_cause: text(form.primary_cause),
    secondary_causes: form.secondary_causes.filter((code) => code && code !== form.primary_cause),
    sudden_event: Boolean(form.sudden_event),
    accident_costs_fen: form.sudden_event ? money(form.accident_costs_fen ?? 0, 'accident_costs_fen') : 0,
    notes: orNull(form.notes),
    bank: hasBank
      ? { bank: text(bank.bank).trim(), account: text(bank.account).trim(), holder_name: text(bank.holder_name).trim() }
      : null,
  };
  return Object.keys(errors).length ? { errors } : { declaration };
}

/** The sum of a money list (fen), leaving out amounts that are not amounts yet. */
export function totalFen(list) {
  return list.reduce((total, item) => total + (Number.isFinite(item.amount_fen) ? item.amount_fen : 0), 0);
}
