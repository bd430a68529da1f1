// Every word of the console's own text, in Persian and English, and the formatting of numbers
// and dates for each. Data (branch names, alert titles) come from the server in both languages
// and are picked with nameOf(); they are never translated here.

const STRINGS = {
  fa: {
    'app.name': 'دیدبان',
    'app.tagline': 'پایش زیرساخت انتخابات',
    'lang.switch': 'English',
    'lang.switchLabel': 'Switch to English',
    'nav.label': 'بخش‌ها',
    'nav.overview': 'نمای کشوری',
    'nav.alerts': 'هشدارها',
    'nav.sensitive': 'شعب حساس',
    'nav.fiber': 'فیبر نوری',
    'signout': 'خروج',
    'live.open': 'زنده',
    'live.closed': 'قطع ارتباط زنده',
    'live.title': 'به‌روزرسانی زنده هشدارها',
    'who.label': 'کاربر',

    'login.title': 'ورود به کنسول',
    'login.name': 'نام کاربری',
    'login.password': 'گذرواژه',
    'login.submit': 'ورود',
    'login.busy': 'در حال ورود…',
    'login.bad': 'نام یا گذرواژه درست نیست.',
    'login.throttled': 'تلاش‌های زیادی شده است؛ کمی بعد دوباره امتحان کنید.',
    'login.failed': 'ورود ممکن نشد: {msg}',
    'login.expired': 'نشست شما پایان یافته است؛ دوباره وارد شوید.',

    'role.hq': 'ستاد مرکزی',
    'role.province': 'کارشناس استان',
    'role.county': 'فناوری اطلاعات شهرستان',
    'role.planner': 'برنامه‌ریز',
    'role.admin': 'مدیر سامانه',
    'area.nation': 'سراسر کشور',
    'area.province': 'استان {code}',
    'area.county': 'شهرستان {code}',

    'common.loading': 'در حال بارگذاری…',
    'common.error': 'خطا در دریافت داده‌ها: {msg}',
    'common.notFound': 'یافت نشد یا خارج از محدودهٔ شماست.',
    'common.retry': 'تلاش دوباره',
    'common.yes': 'بله',
    'common.no': 'خیر',
    'common.none': '—',
    'common.listSep': '، ',
    'common.computedAt': 'محاسبه در',
    'common.updatedAt': 'به‌روز شده در',
    'common.code': 'کد',
    'common.name': 'نام',
    'common.branch': 'شعبه',
    'common.county': 'شهرستان',
    'common.province': 'استان',
    'common.sensitive': 'حساس',
    'common.mobile': 'سیار',
    'common.actions': 'اقدام‌ها',
    'common.never': 'هرگز',
    'page.notFound': 'این صفحه وجود ندارد.',

    'band.green': 'سبز',
    'band.amber': 'زرد',
    'band.red': 'قرمز',
    'band.label': 'وضعیت',

    'overview.title': 'آمادگی شعب',
    'overview.myArea': 'محدودهٔ من',
    'overview.provinces': 'استان‌ها',
    'overview.counties': 'شهرستان‌ها',
    'overview.branches': 'شعب',
    'overview.worst': 'ضعیف‌ترین شعب',
    'overview.count.branches': 'شعب',
    'overview.count.ready': 'آماده',
    'overview.count.neverHeard': 'بی‌خبر',
    'overview.count.sensitive': 'حساس',
    'overview.score': 'میانگین امتیاز',
    'overview.mix': 'ترکیب وضعیت‌ها',
    'overview.phase': 'مرحله',
    'overview.noParts': 'چیزی برای نمایش نیست.',
    'overview.col.score': 'امتیاز',
    'overview.col.ready': 'آماده',
    'overview.col.gates': 'موانع',
    'overview.col.lastHeard': 'آخرین خبر',
    'overview.ready.yes': 'آماده',
    'overview.ready.no': 'ناآماده',

    'gate.devices': 'دستگاه‌ها',
    'gate.uplink': 'لینک',
    'gate.power': 'برق',
    'gate.cameras': 'دوربین‌ها',
    'gate.status.pass': 'قبول',
    'gate.status.fail': 'رد',
    'gate.status.unknown': 'نامعلوم',

    'phase.none': 'بدون انتخابات',
    'phase.preparation': 'آماده‌سازی',
    'phase.opening_ceremony': 'افتتاحیه',
    'phase.voting': 'رأی‌گیری',
    'phase.closing_ceremony': 'اختتامیه',
    'phase.count': 'شمارش',
    'phase.closed': 'پایان‌یافته',

    'severity.critical': 'بحرانی',
    'severity.high': 'زیاد',
    'severity.medium': 'متوسط',
    'severity.low': 'کم',
    'severity.info': 'اطلاع',
    'state.pending': 'در انتظار',
    'state.firing': 'فعال',
    'state.acknowledged': 'تأییدشده',
    'state.silenced': 'بی‌صدا',
    'state.resolved': 'برطرف‌شده',
    'state.inactive': 'غیرفعال',

    'alerts.title': 'هشدارهای زنده',
    'alerts.filters': 'پالایه‌ها',
    'alerts.filter.state': 'وضعیت',
    'alerts.filter.severity': 'شدت',
    'alerts.filter.active': 'همهٔ هشدارهای باز',
    'alerts.filter.all': 'همه',
    'alerts.filter.allSeverities': 'همهٔ شدت‌ها',
    'alerts.col.severity': 'شدت',
    'alerts.col.rule': 'قاعده',
    'alerts.col.title': 'عنوان',
    'alerts.col.branch': 'شعبه',
    'alerts.col.state': 'وضعیت',
    'alerts.col.since': 'از',
    'alerts.empty': 'هشداری نیست.',
    'alerts.shown': '{n} هشدار',
    'alerts.ackBy': 'تأیید: {by}',
    'alerts.new': 'هشدار تازه: {title} در {branch}',
    'alerts.countyWide': 'کل شهرستان {code}',
    'alerts.flapping': 'نوسانی',

    'action.acknowledge': 'تأیید',
    'action.resolve': 'رفع',
    'action.silence': 'بی‌صدا',
    'action.title.acknowledge': 'تأیید هشدار',
    'action.title.resolve': 'رفع دستی هشدار',
    'action.title.silence': 'بی‌صدا کردن',
    'action.note': 'یادداشت',
    'action.comment': 'دلیل (الزامی)',
    'action.minutes': 'مدت (دقیقه)',
    'action.scope': 'دامنه',
    'action.scope.branch': 'همهٔ هشدارهای این شعبه',
    'action.scope.rule': 'فقط این قاعده در این شعبه',
    'action.scope.county': 'همهٔ هشدارهای این شهرستان',
    'action.scope.countyRule': 'فقط این قاعده در این شهرستان',
    'action.confirm': 'ثبت',
    'action.cancel': 'انصراف',
    'action.busy': 'در حال ثبت…',
    'action.needComment': 'برای بی‌صدا کردن دلیل لازم است.',
    'action.badMinutes': 'مدت باید بین ۱ و ۱۰۰۸۰ دقیقه (هفت روز) باشد.',
    'action.failed': 'ثبت نشد ({status}): {msg}',
    'action.forbidden': 'شما اجازهٔ این کار را ندارید.',
    'action.conflict': 'این هشدار دیگر باز نیست.',

    'sensitive.title': 'شعب حساس و مشکلاتشان',
    'sensitive.reason': 'دلیل حساسیت',
    'sensitive.fiber': 'فیبر',
    'sensitive.issues': 'مشکلات',
    'sensitive.worst': 'بدترین شدت',
    'sensitive.noIssues': 'بدون مشکل',
    'sensitive.empty': 'شعبهٔ حساسی در محدودهٔ شما نیست.',
    'sensitive.total': '{n} شعبهٔ حساس',

    'fiber.title': 'پیشرفت فیبر نوری',
    'fiber.progress': 'پیشرفت',
    'fiber.branches': 'شعب',
    'fiber.paperConnected': 'متصل طبق سند',
    'fiber.onFiber': 'در حال کار روی فیبر',
    'fiber.withoutFiber': 'بدون فیبر (کمبود)',
    'fiber.pastDeadline': 'گذشته از مهلت',
    'fiber.sensitiveWithoutFiber': 'حساس بدون فیبر',
    'fiber.share': '{pct} از شعب',
    'fiber.deadlines': 'مهلت‌ها',
    'fiber.deadline': 'مهلت',
    'fiber.area': 'محدوده',
    'fiber.level': 'سطح',
    'fiber.days': 'زمان باقی‌مانده',
    'fiber.daysLeft': '{n} روز مانده',
    'fiber.daysPast': '{n} روز گذشته',
    'fiber.today': 'امروز',
    'fiber.noDeadline': 'مهلتی تعیین نشده',
    'fiber.gaps': 'شعب بدون فیبر، فوری‌ترین نخست',
    'fiber.gapsTotal': '{n} شعبه',
    'fiber.gapsShown': '{shown} از {n} شعبه نمایش داده شده',
    'fiber.noGaps': 'همهٔ شعب فیبر دارند.',
    'fiber.col.rank': 'ردیف',
    'fiber.col.urgency': 'فوریت',
    'fiber.col.paper': 'سند',
    'fiber.col.detected': 'تشخیص',
    'fiber.col.findings': 'یافته‌ها',
    'fiber.nation': 'کشور',
    'fiber.from.national': 'کشوری',
    'fiber.from.province': 'استانی',
    'fiber.from.county': 'شهرستانی',
    'paper.connected': 'متصل',
    'paper.planned': 'برنامه‌ریزی‌شده',
    'paper.none': 'ندارد',
    'paper.plannedFor': 'برای {date}',
    'detected.fiber': 'فیبر',
    'detected.copper': 'سیم مسی',
    'detected.cellular': 'شبکهٔ همراه',
    'detected.down': 'قطع',
    'detected.unknown': 'نامعلوم',
    'urgency.sensitive': 'شعبهٔ حساس',
    'urgency.past_deadline': 'گذشته از مهلت',
    'urgency.planned': 'برنامه‌ریزی‌شده',
    'urgency.no_plan': 'بدون برنامه',

    'branch.title': 'شعبه {code}',
    'branch.where': 'محل',
    'branch.sensitive': 'حساس',
    'branch.sensitiveYes': 'بله — {reason}',
    'branch.mobile': 'سیار',
    'branch.fiber': 'فیبر (سند)',
    'branch.cameras': 'دوربین‌ها',
    'branch.inspector': 'بازرس',
    'branch.readiness': 'آمادگی',
    'branch.score': 'امتیاز',
    'branch.gates': 'شرط‌های آمادگی',
    'branch.devices': 'دستگاه‌ها',
    'branch.device': 'دستگاه',
    'branch.role': 'نقش',
    'branch.address': 'نشانی',
    'branch.lastSeen': 'آخرین پاسخ',
    'branch.readings': 'مقادیر کنونی',
    'branch.noReadings': 'مقداری نرسیده',
    'branch.noDevices': 'دستگاهی ثبت نشده.',
    'branch.trends': 'سابقهٔ اخیر',
    'branch.noHistory': 'هنوز سابقه‌ای نیست.',
    'branch.noCharts': 'نمودارها بارگذاری نشدند.',
    'branch.series.score': 'امتیاز آمادگی',
    'branch.series.devices_down': 'دستگاه‌های از کار افتاده',
    'branch.series.active_alerts': 'هشدارهای باز',
    'branch.activeAlerts': 'هشدارهای باز این شعبه',
    'branch.timeline': 'رویدادها و هشدارها',
    'branch.noTimeline': 'رویدادی ثبت نشده.',
    'branch.back': 'بازگشت به شهرستان',

    'tl.fired': 'هشدار «{title}»',
    'tl.change.evaluated': '{from} ← {to}',
    'tl.change.acknowledged': 'تأیید شد',
    'tl.change.resolved_by_hand': 'به دست کاربر رفع شد',
    'tl.change.silenced': 'بی‌صدا شد',
    'tl.change.unsilenced': 'از بی‌صدایی درآمد',
    'tl.change.flapping': 'نوسانی شد',
    'tl.change.steady': 'پایدار شد',
    'tl.change.annotated': 'یادداشت',
    'tl.by': 'به دست {who}',
    'tl.event': 'رویداد {type}',
    'tl.engine': 'سامانه',

    'device.router': 'مسیریاب',
    'device.switch': 'سوئیچ',
    'device.modem': 'مودم',
    'device.firewall': 'دیوار آتش',
    'device.auth-device': 'دستگاه احراز هویت',
    'device.voting-device': 'دستگاه رأی‌گیری',
    'device.ups': 'یو‌پی‌اس',
    'device.camera': 'دوربین',
    'device.nvr': 'ضبط‌کنندهٔ تصویر',
    'device.sensor': 'حسگر',
    'devstate.label': 'وضعیت',
    'devstate.up': 'پاسخ می‌دهد',
    'devstate.down': 'پاسخ نمی‌دهد',
    'devstate.unknown': 'نامعلوم',
  },

  en: {
    'app.name': 'Didban',
    'app.tagline': 'Election infrastructure monitoring',
    'lang.switch': 'فارسی',
    'lang.switchLabel': 'به فارسی',
    'nav.label': 'Sections',
    'nav.overview': 'National overview',
    'nav.alerts': 'Alerts',
    'nav.sensitive': 'Sensitive branches',
    'nav.fiber': 'Fiber rollout',
    'signout': 'Sign out',
    'live.open': 'Live',
    'live.closed': 'Not live',
    'live.title': 'Live alert updates',
    'who.label': 'Signed in',

    'login.title': 'Sign in to the console',
    'login.name': 'Name',
    'login.password': 'Password',
    'login.submit': 'Sign in',
    'login.busy': 'Signing in…',
    'login.bad': 'The name or password is not right.',
    'login.throttled': 'Too many attempts; try again in a little while.',
    'login.failed': 'Could not sign in: {msg}',
    'login.expired': 'Your session has ended; please sign in again.',

    'role.hq': 'HQ',
    'role.province': 'Province officer',
    'role.county': 'County IT',
    'role.planner': 'Planner',
    'role.admin': 'Administrator',
    'area.nation': 'Whole country',
    'area.province': 'Province {code}',
    'area.county': 'County {code}',

    'common.loading': 'Loading…',
    'common.error': 'Could not load the data: {msg}',
    'common.notFound': 'Not found, or outside your area.',
    'common.retry': 'Try again',
    'common.yes': 'Yes',
    'common.no': 'No',
    'common.none': '—',
    'common.listSep': ', ',
    'common.computedAt': 'Computed at',
    'common.updatedAt': 'Updated at',
    'common.code': 'Code',
    'common.name': 'Name',
    'common.branch': 'Branch',
    'common.county': 'County',
    'common.province': 'Province',
    'common.sensitive': 'Sensitive',
    'common.mobile': 'Mobile',
    'common.actions': 'Actions',
    'common.never': 'never',
    'page.notFound': 'There is no such page.',

    'band.green': 'Green',
    'band.amber': 'Amber',
    'band.red': 'Red',
    'band.label': 'Band',

    'overview.title': 'Branch readiness',
    'overview.myArea': 'My area',
    'overview.provinces': 'Provinces',
    'overview.counties': 'Counties',
    'overview.branches': 'Branches',
    'overview.worst': 'Weakest branches',
    'overview.count.branches': 'Branches',
    'overview.count.ready': 'Ready',
    'overview.count.neverHeard': 'Never heard',
    'overview.count.sensitive': 'Sensitive',
    'overview.score': 'Average score',
    'overview.mix': 'Band mix',
    'overview.phase': 'Phase',
    'overview.noParts': 'Nothing to show.',
    'overview.col.score': 'Score',
    'overview.col.ready': 'Ready',
    'overview.col.gates': 'Held back by',
    'overview.col.lastHeard': 'Last heard',
    'overview.ready.yes': 'Ready',
    'overview.ready.no': 'Not ready',

    'gate.devices': 'Devices',
    'gate.uplink': 'Uplink',
    'gate.power': 'Power',
    'gate.cameras': 'Cameras',
    'gate.status.pass': 'Pass',
    'gate.status.fail': 'Fail',
    'gate.status.unknown': 'Unknown',

    'phase.none': 'No election',
    'phase.preparation': 'Preparation',
    'phase.opening_ceremony': 'Opening',
    'phase.voting': 'Voting',
    'phase.closing_ceremony': 'Closing',
    'phase.count': 'Count',
    'phase.closed': 'Closed',

    'severity.critical': 'Critical',
    'severity.high': 'High',
    'severity.medium': 'Medium',
    'severity.low': 'Low',
    'severity.info': 'Info',
    'state.pending': 'Pending',
    'state.firing': 'Firing',
    'state.acknowledged': 'Acknowledged',
    'state.silenced': 'Silenced',
    'state.resolved': 'Resolved',
    'state.inactive': 'Inactive',

    'alerts.title': 'Live alerts',
    'alerts.filters': 'Filters',
    'alerts.filter.state': 'State',
    'alerts.filter.severity': 'Severity',
    'alerts.filter.active': 'All open alerts',
    'alerts.filter.all': 'All',
    'alerts.filter.allSeverities': 'All severities',
    'alerts.col.severity': 'Severity',
    'alerts.col.rule': 'Rule',
    'alerts.col.title': 'Title',
    'alerts.col.branch': 'Branch',
    'alerts.col.state': 'State',
    'alerts.col.since': 'Since',
    'alerts.empty': 'No alerts.',
    'alerts.shown': '{n} alerts',
    'alerts.ackBy': 'acknowledged by {by}',
    'alerts.new': 'New alert: {title} at {branch}',
    'alerts.countyWide': 'all of county {code}',
    'alerts.flapping': 'flapping',

    'action.acknowledge': 'Acknowledge',
    'action.resolve': 'Resolve',
    'action.silence': 'Silence',
    'action.title.acknowledge': 'Acknowledge the alert',
    'action.title.resolve': 'Resolve the alert by hand',
    'action.title.silence': 'Silence',
    'action.note': 'Note',
    'action.comment': 'Why (required)',
    'action.minutes': 'For how long (minutes)',
    'action.scope': 'Scope',
    'action.scope.branch': 'Every alert of this branch',
    'action.scope.rule': 'Only this rule at this branch',
    'action.scope.county': 'Every alert of this county',
    'action.scope.countyRule': 'Only this rule in this county',
    'action.confirm': 'Confirm',
    'action.cancel': 'Cancel',
    'action.busy': 'Recording…',
    'action.needComment': 'A silence needs a reason.',
    'action.badMinutes': 'The duration must be between 1 and 10080 minutes (seven days).',
    'action.failed': 'Not recorded ({status}): {msg}',
    'action.forbidden': 'You may not do this.',
    'action.conflict': 'This alert is no longer open.',

    'sensitive.title': 'Sensitive branches and their issues',
    'sensitive.reason': 'Why sensitive',
    'sensitive.fiber': 'Fiber',
    'sensitive.issues': 'Issues',
    'sensitive.worst': 'Worst severity',
    'sensitive.noIssues': 'No issues',
    'sensitive.empty': 'No sensitive branches in your area.',
    'sensitive.total': '{n} sensitive branches',

    'fiber.title': 'Fiber rollout',
    'fiber.progress': 'Progress',
    'fiber.branches': 'Branches',
    'fiber.paperConnected': 'Connected on paper',
    'fiber.onFiber': 'Running on fiber',
    'fiber.withoutFiber': 'Without fiber (gaps)',
    'fiber.pastDeadline': 'Past the deadline',
    'fiber.sensitiveWithoutFiber': 'Sensitive without fiber',
    'fiber.share': '{pct} of branches',
    'fiber.deadlines': 'Deadlines',
    'fiber.deadline': 'Deadline',
    'fiber.area': 'Area',
    'fiber.level': 'Level',
    'fiber.days': 'Time left',
    'fiber.daysLeft': '{n} days left',
    'fiber.daysPast': '{n} days past',
    'fiber.today': 'today',
    'fiber.noDeadline': 'No deadline set',
    'fiber.gaps': 'Branches without fiber, most urgent first',
    'fiber.gapsTotal': '{n} branches',
    'fiber.gapsShown': '{shown} of {n} branches shown',
    'fiber.noGaps': 'Every branch has fiber.',
    'fiber.col.rank': 'Rank',
    'fiber.col.urgency': 'Urgency',
    'fiber.col.paper': 'On paper',
    'fiber.col.detected': 'Detected',
    'fiber.col.findings': 'Findings',
    'fiber.nation': 'Nation',
    'fiber.from.national': 'national',
    'fiber.from.province': 'province',
    'fiber.from.county': 'county',
    'paper.connected': 'Connected',
    'paper.planned': 'Planned',
    'paper.none': 'None',
    'paper.plannedFor': 'for {date}',
    'detected.fiber': 'Fiber',
    'detected.copper': 'Copper',
    'detected.cellular': 'Cellular',
    'detected.down': 'Down',
    'detected.unknown': 'Unknown',
    'urgency.sensitive': 'Sensitive branch',
    'urgency.past_deadline': 'Past the deadline',
    'urgency.planned': 'Planned',
    'urgency.no_plan': 'No plan',

    'branch.title': 'Branch {code}',
    'branch.where': 'Where',
    'branch.sensitive': 'Sensitive',
    'branch.sensitiveYes': 'Yes — {reason}',
    'branch.mobile': 'Mobile',
    'branch.fiber': 'Fiber (on paper)',
    'branch.cameras': 'Cameras',
    'branch.inspector': 'Inspector',
    'branch.readiness': 'Readiness',
    'branch.score': 'Score',
    'branch.gates': 'Readiness gates',
    'branch.devices': 'Devices',
    'branch.device': 'Device',
    'branch.role': 'Role',
    'branch.address': 'Address',
    'branch.lastSeen': 'Last answered',
    'branch.readings': 'Current values',
    'branch.noReadings': 'No values yet',
    'branch.noDevices': 'No devices registered.',
    'branch.trends': 'Recent history',
    'branch.noHistory': 'No history yet.',
    'branch.noCharts': 'The charts could not be loaded.',
    'branch.series.score': 'Readiness score',
    'branch.series.devices_down': 'Devices down',
    'branch.series.active_alerts': 'Open alerts',
    'branch.activeAlerts': 'Open alerts at this branch',
    'branch.timeline': 'Events and alerts',
    'branch.noTimeline': 'Nothing recorded.',
    'branch.back': 'Back to the county',

    'tl.fired': 'Alert “{title}”',
    'tl.change.evaluated': '{from} → {to}',
    'tl.change.acknowledged': 'Acknowledged',
    'tl.change.resolved_by_hand': 'Resolved by hand',
    'tl.change.silenced': 'Silenced',
    'tl.change.unsilenced': 'Unsilenced',
    'tl.change.flapping': 'Started flapping',
    'tl.change.steady': 'Steady again',
    'tl.change.annotated': 'Note',
    'tl.by': 'by {who}',
    'tl.event': 'Event {type}',
    'tl.engine': 'Didban',

    'device.router': 'Router',
    'device.switch': 'Switch',
    'device.modem': 'Modem',
    'device.firewall': 'Firewall',
    'device.auth-device': 'Authentication device',
    'device.voting-device': 'Voting device',
    'device.ups': 'UPS',
    'device.camera': 'Camera',
    'device.nvr': 'Video recorder',
    'device.sensor': 'Sensor',
    'devstate.label': 'State',
    'devstate.up': 'Answering',
    'devstate.down': 'Not answering',
    'devstate.unknown': 'Unknown',
  },
};

export const LANGS = Object.keys(STRINGS);
const STORAGE_KEY = 'didban.console.lang';
const TIME_ZONE = 'Asia/Tehran';
// fa-IR with the Persian calendar gives Jalali dates in Persian digits.
const LOCALES = { fa: 'fa-IR-u-ca-persian', en: 'en-GB' };
const NUMBER_LOCALES = { fa: 'fa-IR', en: 'en-GB' };

let current = 'fa';
const formatters = new Map();

function stored() {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null; // storage can be disabled; Persian then
  }
}

/** The language in force. */
export function lang() {
  return current;
}

/** Sets the language, the page's lang and dir, and remembers the choice. */
export function setLang(next, remember = true) {
  current = STRINGS[next] ? next : 'fa';
  const root = document.documentElement;
  root.lang = current;
  root.dir = current === 'fa' ? 'rtl' : 'ltr';
  if (remember) {
    try {
      localStorage.setItem(STORAGE_KEY, current);
    } catch {
      // not remembered; still switched
    }
  }
}

/** The remembered language, or Persian. */
export function initialLang() {
  const s = stored();
  return s && STRINGS[s] ? s : 'fa';
}

/** The text of a key in the current language, with {name} filled from vars; the key if unknown. */
export function t(key, vars) {
  let s = STRINGS[current][key];
  if (s === undefined) {
    s = STRINGS.en[key];
  }
  if (s === undefined) {
    return key;
  }
  if (vars) {
    s = s.replace(/\{(\w+)\}/g, (m, name) => (name in vars ? String(vars[name]) : m));
  }
  return s;
}

/** t() for a key built from a server value, e.g. 'state.' + state; the value itself if unknown. */
export function tv(prefix, value) {
  if (value === null || value === undefined || value === '') {
    return t('common.none');
  }
  const key = prefix + value;
  return has(key) ? t(key) : String(value);
}

export function has(key) {
  return key in STRINGS[current] || key in STRINGS.en;
}

/** Every key of both languages, for checks. */
export function keys() {
  return { fa: Object.keys(STRINGS.fa), en: Object.keys(STRINGS.en) };
}

function formatter(kind, make) {
  const k = current + ':' + kind;
  let f = formatters.get(k);
  if (!f) {
    f = make();
    formatters.set(k, f);
  }
  return f;
}

/** A number in the language's digits; '—' for none. */
export function num(n, opts) {
  if (n === null || n === undefined || Number.isNaN(n)) {
    return t('common.none');
  }
  const key = 'num' + (opts ? JSON.stringify(opts) : '');
  return formatter(key, () => new Intl.NumberFormat(NUMBER_LOCALES[current], opts)).format(n);
}

/** A share 0..1 as a percentage. */
export function pct(x) {
  return num(x, { style: 'percent', maximumFractionDigits: 1 });
}

const DATE_STYLES = {
  datetime: { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' },
  full: { year: 'numeric', month: 'long', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' },
  time: { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' },
  date: { year: 'numeric', month: 'long', day: 'numeric' },
};

/** An instant (ISO text or epoch ms) in Tehran time: Jalali in Persian, Gregorian in English. */
export function when(value, style = 'datetime') {
  const d = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(d.getTime())) {
    return String(value);
  }
  return formatter('date:' + style, () => new Intl.DateTimeFormat(LOCALES[current],
    { timeZone: TIME_ZONE, ...DATE_STYLES[style] })).format(d);
}

/** A calendar day 'YYYY-MM-DD' (no time, no zone) in the language's calendar. */
export function day(iso) {
  const d = new Date(iso + 'T00:00:00Z');
  if (Number.isNaN(d.getTime())) {
    return String(iso);
  }
  return formatter('day', () => new Intl.DateTimeFormat(LOCALES[current],
    { timeZone: 'UTC', ...DATE_STYLES.date })).format(d);
}

/** A <time> element for an instant (ISO text or epoch ms); '—' text for none. */
export function timeEl(value, style = 'datetime') {
  if (value === null || value === undefined || value === '') {
    return document.createTextNode(t('common.none'));
  }
  const el = document.createElement('time');
  const d = new Date(value);
  el.dateTime = Number.isNaN(d.getTime()) ? String(value) : d.toISOString();
  el.textContent = when(d, style);
  el.title = when(d, 'full');
  return el;
}

/** A <time> element for a calendar day 'YYYY-MM-DD'. */
export function dayEl(iso) {
  if (!iso) {
    return document.createTextNode(t('common.none'));
  }
  const el = document.createElement('time');
  el.dateTime = iso;
  el.textContent = day(iso);
  return el;
}

/**
 * The name of a thing in the current language: {fa, en}, or {name: {fa, en}}, or nameFa/nameEn;
 * falls back to the other language, then to the code.
 */
export function nameOf(o) {
  if (!o) {
    return '';
  }
  const n = o.name && typeof o.name === 'object' ? o.name : o;
  const pick = current === 'fa'
    ? (n.fa || n.nameFa || n.en || n.nameEn)
    : (n.en || n.nameEn || n.fa || n.nameFa);
  return pick || o.code || '';
}

/** Fills every [data-i18n] element's text, and [data-i18n-label] aria-labels, under root. */
export function translateStatic(root = document) {
  for (const el of root.querySelectorAll('[data-i18n]')) {
    el.textContent = t(el.dataset.i18n);
  }
  for (const el of root.querySelectorAll('[data-i18n-label]')) {
    el.setAttribute('aria-label', t(el.dataset.i18nLabel));
  }
  for (const el of root.querySelectorAll('[data-i18n-title]')) {
    el.title = t(el.dataset.i18nTitle);
  }
}
