// Coded values of the member registry (docs/api-members.md) and what each state allows.

export const kMemberStates = [
  'applied',
  'provisional',
  'active',
  'transfer_pending',
  'retained',
  'rejected',
  'withdrawn',
  'expelled',
];
export const kEmploymentForms = ['standard', 'new_form', 'flexible'];
export const kHukouTypes = ['urban', 'rural'];
export const kRetainReasons = ['retired', 'unemployed', 'employer_closed', 'other'];
export const kTransferStates = ['pending', 'released', 'accepted', 'rejected', 'cancelled'];

/** Buttons on the profile by member state; `transfer` is POST .../transfers, the rest actions. */
export const kActionsByState = {
  applied: ['approve', 'reject'],
  provisional: ['activate', 'withdraw'],
  active: ['transfer', 'retain', 'withdraw', 'expel'],
  retained: ['restore', 'withdraw', 'expel'],
  transfer_pending: [],
  rejected: ['reapply'],
  withdrawn: ['reapply'],
  expelled: [],
};

/** The permission each step needs (the server checks it against the member's org). */
export const kActionPermission = {
  approve: 'member:approve',
  reject: 'member:approve',
  activate: 'member:approve',
  expel: 'member:approve',
  retain: 'member:write',
  restore: 'member:write',
  withdraw: 'member:write',
  reapply: 'member:write',
  transfer: 'member:write',
};

/** Actions whose dialog insists on a reason (the others take an optional note). */
export const kReasonRequired = new Set(['reject', 'withdraw', 'expel', 'transfer']);
/** Actions shown as dangerous (red). */
export const kDangerActions = new Set(['reject', 'expel', 'withdraw']);

/** Tag colour of a member state. */
export function stateTagType(state) {
  switch (state) {
    case 'active':
      return 'success';
    case 'applied':
    case 'provisional':
    case 'transfer_pending':
      return 'warning';
    case 'rejected':
    case 'expelled':
      return 'danger';
    default:
      return 'info';
  }
}

export function transferTagType(state) {
  switch (state) {
    case 'accepted':
      return 'success';
    case 'pending':
    case 'released':
      return 'warning';
    case 'rejected':
      return 'danger';
    default:
      return 'info';
  }
}

// Suggestions for free-text fields; the values are data (kept in Chinese in both languages).
export const kEthnicities = [
  '汉族', '蒙古族', '回族', '藏族', '维吾尔族', '苗族', '彝族', '壮族', '布依族', '朝鲜族', '满族',
  '侗族', '瑶族', '白族', '土家族', '哈尼族', '哈萨克族', '傣族', '黎族', '傈僳族', '佤族', '畲族',
  '高山族', '拉祜族', '水族', '东乡族', '纳西族', '景颇族', '柯尔克孜族', '土族', '达斡尔族',
  '仫佬族', '羌族', '布朗族', '撒拉族', '毛南族', '仡佬族', '锡伯族', '阿昌族', '普米族', '塔吉克族',
  '怒族', '乌孜别克族', '俄罗斯族', '鄂温克族', '德昂族', '保安族', '裕固族', '京族', '塔塔尔族',
  '独龙族', '鄂伦春族', '赫哲族', '门巴族', '珞巴族', '基诺族',
];
export const kEducations = ['小学', '初中', '高中', '中专', '大专', '本科', '硕士研究生', '博士研究生'];
export const kSkillLevels = ['无', '初级工', '中级工', '高级工', '技师', '高级技师'];

export const kMaxNameLength = 32;
// A reason's bound is the server's (GET /api/v1/limits: long_text_max_chars).
