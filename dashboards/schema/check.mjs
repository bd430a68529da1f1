#!/usr/bin/env node
// Checks Didban's Grafana dashboards without a Grafana: each JSON file is type-checked by tsc
// against @grafana/schema (through dashboard-types.ts), and checked here for what those types
// cannot see: panel types, grid positions, datasource uids, template variables, unique uids.
//
//   node check.mjs [FILE|DIR ...]          check these (default: every *.json under ../grafana)
//   node check.mjs --expect-failure PATH…  self-test: every case must FAIL, with the text its
//                                          "description" names after "expect-error:"
//
// In --expect-failure mode a FILE is one case; a DIR holds cases: each *.json in it is one,
// and each sub-directory is one case made of all its files (for checks across dashboards).
// Exit status: 0 all good, 1 problems found (or a self-test case passed), 2 usage or setup error.
// Plain Node (18 or later), no dependencies beyond the typescript package in node_modules.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '..', '..');
const GRAFANA_DIR = path.resolve(HERE, '..', 'grafana');
const PROVISIONED_DATASOURCES_DIR = path.join(GRAFANA_DIR, 'provisioning', 'datasources');
const GENERATED_DIR = path.join(HERE, 'generated');
const TSC = path.join(HERE, 'node_modules', 'typescript', 'bin', 'tsc');

// Used only when the provisioning folder is missing, so the check still knows what uids exist.
const DEFAULT_DATASOURCES = [
  { uid: 'didban-prometheus', type: 'prometheus' },
  { uid: 'didban-influxdb', type: 'influxdb' },
];

// Grafana's own pseudo-datasources, which are never provisioned.
const SPECIAL_DATASOURCES = new Map([
  ['-- Grafana --', ['grafana', 'datasource']],
  ['grafana', ['grafana', 'datasource']],
  ['-- Mixed --', ['datasource']],
  ['-- Dashboard --', ['datasource']],
]);
const MIXED = '-- Mixed --';

// Core panel plugins of Grafana 11-13 (ids as written in "type").
const CORE_PANEL_TYPES = new Set([
  'alertlist', 'annolist', 'barchart', 'bargauge', 'candlestick', 'canvas', 'dashlist', 'datagrid',
  'flamegraph', 'gauge', 'geomap', 'gettingstarted', 'heatmap', 'histogram', 'logs', 'news',
  'nodeGraph', 'piechart', 'stat', 'state-timeline', 'status-history', 'table', 'text',
  'timeseries', 'traces', 'trend', 'welcome', 'xychart',
]);
// Angular-era panels that current Grafana no longer ships: a dashboard using them shows an error box.
const REMOVED_PANEL_TYPES = new Map([
  ['graph', 'timeseries'],
  ['singlestat', 'stat'],
  ['table-old', 'table'],
  ['grafana-piechart-panel', 'piechart'],
  ['grafana-worldmap-panel', 'geomap'],
]);

// Global variables Grafana defines itself. Dotted ones (${__field.name}, ${__user.login}, …) are
// matched by their namespace.
const BUILTIN_VARIABLES = new Set([
  '__interval', '__interval_ms', '__rate_interval', '__rate_interval_ms', '__range', '__range_s',
  '__range_ms', '__from', '__to', '__timeFilter', '__timeFrom', '__timeTo', '__timezone', '__all',
  '__dashboard', '__org', '__user', '__name', '__url_time_range', '__auto', '__searchFilter',
  // InfluxQL's own macros, older than the __ prefix
  'timeFilter', 'interval',
]);
const BUILTIN_NAMESPACES = new Set([
  '__field', '__series', '__value', '__data', '__cell', '__url', '__dashboard', '__org', '__user',
]);

// Grafana's own variable syntax: $name, [[name]] / [[name:fmt]], ${name}, ${name.path}, ${name:fmt}.
const VARIABLE_REF = /\$(\w+)|\[\[(\w+?)(?::(\w+))?\]\]|\$\{(\w+)(?:\.([^:^}]+))?(?::([^}]+))?\}/g;

// ---------------------------------------------------------------------------------------------
// Command line

function usage(message) {
  console.error(`check.mjs: ${message}`);
  console.error('usage: node check.mjs [FILE|DIR ...]   |   node check.mjs --expect-failure FILE|DIR ...');
  process.exit(2);
}

const args = process.argv.slice(2);
let expectFailure = false;
const targets = [];
for (const arg of args) {
  if (arg === '--expect-failure') expectFailure = true;
  else if (arg === '-h' || arg === '--help') usage('checks Grafana dashboard JSON files');
  else if (arg.startsWith('-')) usage(`unknown option ${arg}`);
  else targets.push(path.resolve(arg));
}
if (expectFailure && targets.length === 0) usage('--expect-failure needs the fixtures to run');

if (!fs.existsSync(TSC)) {
  console.error(`check.mjs: ${display(TSC)} is missing: run "npm ci" in ${display(HERE)} first.`);
  process.exit(2);
}

// ---------------------------------------------------------------------------------------------
// Files and cases

function jsonFilesUnder(dir) {
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...jsonFilesUnder(full));
    else if (entry.isFile() && entry.name.endsWith('.json')) out.push(full);
  }
  return out.sort();
}

function statOrExit(p) {
  try {
    return fs.statSync(p);
  } catch {
    usage(`${display(p)} does not exist`);
  }
}

// A case is a set of dashboards checked together (uid and title uniqueness span a case).
let cases;
if (expectFailure) {
  cases = [];
  for (const target of targets) {
    if (statOrExit(target).isFile()) {
      cases.push({ name: display(target), files: [target] });
      continue;
    }
    for (const entry of fs.readdirSync(target, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(target, entry.name);
      if (entry.isDirectory()) cases.push({ name: display(full) + '/', files: jsonFilesUnder(full) });
      else if (entry.name.endsWith('.json')) cases.push({ name: display(full), files: [full] });
    }
  }
  if (cases.length === 0) usage(`no fixtures found in ${targets.map(display).join(', ')}`);
} else {
  const roots = targets.length > 0 ? targets : [GRAFANA_DIR];
  const files = [];
  for (const root of roots) {
    if (!fs.existsSync(root) && targets.length === 0) {
      console.error(`check.mjs: ${display(root)} does not exist: there are no dashboards to check.`);
      process.exit(1);
    }
    if (statOrExit(root).isDirectory()) files.push(...jsonFilesUnder(root));
    else files.push(root);
  }
  // An empty set would pass vacuously; a moved or renamed folder must not look like success.
  if (files.length === 0) {
    console.error(`check.mjs: no *.json dashboards found in ${roots.map(display).join(', ')}`);
    process.exit(1);
  }
  cases = [{ name: 'dashboards', files }];
}

// ---------------------------------------------------------------------------------------------
// Run

const datasources = loadDatasources();
const dashboards = new Map(); // file -> { text, value, spans, lines, errors }

for (const c of cases) {
  for (const file of c.files) {
    if (!dashboards.has(file)) dashboards.set(file, loadDashboard(file));
  }
  checkAcrossCase(c.files.map((f) => dashboards.get(f)));
}
for (const d of dashboards.values()) {
  if (d.value !== undefined) checkDashboard(d);
}
const setupErrors = runTsc([...dashboards.values()].filter((d) => d.value !== undefined));
for (const d of dashboards.values()) dropNoiseInUnknownPanels(d);

if (setupErrors.length > 0) {
  console.error('check.mjs: the TypeScript check itself failed (not a dashboard problem):');
  for (const line of setupErrors) console.error('  ' + line);
  process.exit(2);
}

process.exit(expectFailure ? reportSelfTest() : reportCheck());

function reportCheck() {
  const all = [...dashboards.values()];
  const bad = all.filter((d) => d.errors.length > 0);
  for (const d of bad) {
    for (const e of sortErrors(d.errors)) console.error(formatError(d, e));
  }
  const problems = bad.reduce((n, d) => n + d.errors.length, 0);
  if (problems > 0) {
    console.error(`\ndashboards: ${problems} problem(s) in ${bad.length} of ${all.length} file(s) ` +
      `(types from @grafana/schema ${packageVersion('@grafana/schema')}; see dashboards/schema/check.mjs)`);
    return 1;
  }
  console.log(`dashboards: ${all.length} file(s) valid against @grafana/schema ` +
    `${packageVersion('@grafana/schema')} and Didban's checks: ${all.map((d) => display(d.file)).join(', ')}`);
  return 0;
}

function reportSelfTest() {
  let failed = 0;
  for (const c of cases) {
    const ds = c.files.map((f) => dashboards.get(f));
    const errors = ds.flatMap((d) => d.errors.map((e) => ({ d, e })));
    const expected = ds.map(expectedError);
    if (expected.some((x) => x === null)) {
      console.error(`FAIL ${c.name}: every fixture's "description" must name the error it expects after "expect-error:"`);
      failed++;
      continue;
    }
    if (errors.length === 0) {
      console.error(`FAIL ${c.name}: passed the check, but it is broken on purpose and must fail (expected: ${expected.join(' / ')})`);
      failed++;
      continue;
    }
    const texts = errors.map(({ e }) => e.message);
    const missing = expected.filter((x) => !texts.some((t) => t.includes(x)));
    if (missing.length > 0) {
      console.error(`FAIL ${c.name}: failed, but not with the expected "${missing.join('" / "')}"; its errors:`);
      for (const { d, e } of errors) console.error(indent(formatError(d, e), '    '));
      failed++;
      continue;
    }
    const first = errors.find(({ e }) => expected.some((x) => e.message.includes(x)));
    console.log(`ok   ${c.name} fails as it must: ${oneLine(first.e.message, 160)}`);
  }
  console.log(`dashboards self-test: ${cases.length - failed} of ${cases.length} broken fixture(s) rejected for the expected reason`);
  return failed > 0 ? 1 : 0;
}

// A fixture names the error it must fail with in its "description", after "expect-error:".
// A fixture that is not even valid JSON has it read from the raw text.
function expectedError(d) {
  let description = typeof d.value?.description === 'string' ? d.value.description : null;
  if (description === null) {
    const raw = /"description"\s*:\s*("(?:[^"\\]|\\.)*")/.exec(d.text);
    try {
      description = raw ? JSON.parse(raw[1]) : '';
    } catch {
      description = '';
    }
  }
  const m = /expect-error:\s*(.+)$/s.exec(description);
  return m ? m[1].trim() : null;
}

// ---------------------------------------------------------------------------------------------
// Loading

function loadDashboard(file) {
  const d = { file, errors: [], text: '', value: undefined, spans: [], lines: [0] };
  let text;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    d.errors.push({ message: `cannot read: ${e.message}` });
    return d;
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1); // tsc and Grafana both ignore a BOM
  d.text = text;
  d.lines = lineStarts(text);
  try {
    const parsed = parseJson(text);
    d.spans = parsed.spans;
    for (const dup of parsed.duplicates) {
      d.errors.push({ offset: dup.offset, path: dup.path, message: `duplicate key "${dup.key}": JSON keeps only the last one` });
    }
    if (parsed.value === null || typeof parsed.value !== 'object' || Array.isArray(parsed.value)) {
      d.errors.push({ offset: 0, message: 'the file must hold one JSON object: a dashboard' });
    } else {
      d.value = parsed.value;
    }
  } catch (e) {
    if (e.offset === undefined) throw e;
    d.errors.push({ offset: e.offset, message: `invalid JSON: ${e.message}` });
  }
  return d;
}

// Datasources the dashboards may name, from Grafana's provisioning files.
function loadDatasources() {
  let files = [];
  if (fs.existsSync(PROVISIONED_DATASOURCES_DIR)) {
    files = fs.readdirSync(PROVISIONED_DATASOURCES_DIR).filter((f) => /\.ya?ml$/.test(f)).sort()
      .map((f) => path.join(PROVISIONED_DATASOURCES_DIR, f));
  }
  if (files.length === 0) {
    console.log(`check.mjs: no datasource provisioning in ${display(PROVISIONED_DATASOURCES_DIR)}; ` +
      `known datasources: ${DEFAULT_DATASOURCES.map((d) => d.uid).join(', ')}`);
    return new Map(DEFAULT_DATASOURCES.map((d) => [d.uid, d]));
  }
  const found = new Map();
  for (const file of files) {
    for (const ds of provisionedDatasources(fs.readFileSync(file, 'utf8'))) {
      if (ds.uid) found.set(ds.uid, { ...ds, file });
    }
  }
  if (found.size === 0) {
    // Better to stop than to check every uid against an empty list and report nonsense.
    console.error(`check.mjs: found no datasource with a uid in ${files.map(display).join(', ')}`);
    process.exit(2);
  }
  return found;
}

// Just enough YAML for Grafana's datasource provisioning format: the block list under a top-level
// "datasources:" whose items are "key: scalar" lines (nested maps such as jsonData are skipped).
function provisionedDatasources(yaml) {
  const out = [];
  let inList = false;
  let itemIndent = -1;
  let keyIndent = -1;
  let item = null;
  for (const raw of yaml.split(/\r\n|\n|\r/)) {
    const line = raw.replace(/\s+#.*$/, '').replace(/^\s*#.*$/, '');
    if (line.trim() === '') continue;
    const indent = line.length - line.trimStart().length;
    if (indent === 0) {
      inList = /^datasources:\s*$/.test(line);
      item = null;
      itemIndent = -1;
      continue;
    }
    if (!inList) continue;
    const dash = /^(\s*)-\s+(.*)$/.exec(line);
    if (dash && (itemIndent === -1 || dash[1].length === itemIndent)) {
      itemIndent = dash[1].length;
      keyIndent = itemIndent + 2;
      item = {};
      out.push(item);
      setKey(item, dash[2]);
    } else if (item && indent === keyIndent) {
      setKey(item, line.trim());
    }
  }
  return out;

  function setKey(obj, text) {
    const m = /^([A-Za-z_][\w-]*)\s*:\s*(.*)$/.exec(text);
    if (!m) return;
    let v = m[2].trim();
    if (/^(['"]).*\1$/.test(v)) v = v.slice(1, -1);
    obj[m[1]] = v;
  }
}

// ---------------------------------------------------------------------------------------------
// Checks that @grafana/schema's types cannot express

function checkAcrossCase(ds) {
  const uids = new Map();
  const titles = new Map();
  for (const d of ds) {
    const v = d.value;
    if (!v) continue;
    if (typeof v.uid === 'string') {
      const other = uids.get(v.uid);
      if (other) err(d, ['uid'], `uid "${v.uid}" is also the uid of ${display(other.file)}: Grafana keeps only one of them`);
      else uids.set(v.uid, d);
    }
    if (typeof v.title === 'string') {
      const key = v.title.trim().toLowerCase();
      const other = titles.get(key);
      if (other) err(d, ['title'], `title "${v.title}" is also the title of ${display(other.file)}: Grafana refuses two dashboards with one title in a folder`);
      else titles.set(key, d);
    }
  }
}

function checkDashboard(d) {
  const v = d.value;
  if (typeof v.uid !== 'string' || !/^[A-Za-z0-9_-]{1,40}$/.test(v.uid)) {
    // Without a fixed uid Grafana invents one per instance, and links between dashboards break.
    err(d, v.uid === undefined ? [] : ['uid'], 'the dashboard needs a "uid" of 1-40 letters, digits, "-" or "_"');
  }
  if (typeof v.title !== 'string' || v.title.trim() === '') err(d, v.title === undefined ? [] : ['title'], 'the dashboard needs a "title"');

  // Template variables
  const variables = new Map();
  const list = Array.isArray(v.templating?.list) ? v.templating.list : [];
  list.forEach((variable, i) => {
    const at = ['templating', 'list', i];
    if (!isObject(variable)) return;
    if (typeof variable.name !== 'string' || !/^\w+$/.test(variable.name)) {
      err(d, [...at, 'name'], `variable ${JSON.stringify(variable.name)}: a name must be letters, digits and "_" to be usable as $name`);
      return;
    }
    if (variables.has(variable.name)) err(d, [...at, 'name'], `variable "${variable.name}" is defined twice`);
    variables.set(variable.name, variable);
  });
  const ctx = { d, variables };
  list.forEach((variable, i) => {
    if (!isObject(variable)) return;
    const at = ['templating', 'list', i];
    const label = `variable "${variable.name}"`;
    if (variable.datasource != null) checkDatasourceRef(ctx, variable.datasource, [...at, 'datasource'], label);
    checkVariableRefs(ctx, variable.query, [...at, 'query'], label);
    checkVariableRefs(ctx, variable.definition, [...at, 'definition'], label);
  });

  // Annotations
  const annotations = Array.isArray(v.annotations?.list) ? v.annotations.list : [];
  annotations.forEach((a, i) => {
    if (!isObject(a)) return;
    const at = ['annotations', 'list', i];
    const label = `annotation "${a.name}"`;
    if (a.datasource != null) checkDatasourceRef(ctx, a.datasource, [...at, 'datasource'], label);
    for (const key of ['expr', 'query', 'target']) checkVariableRefs(ctx, a[key], [...at, key], label);
  });

  // Panels, with the panels inside collapsed rows
  const ids = new Map();
  const panels = Array.isArray(v.panels) ? v.panels : [];
  panels.forEach((p, i) => {
    checkPanel(ctx, p, ['panels', i], ids);
    if (isObject(p) && p.type === 'row' && Array.isArray(p.panels)) {
      if (p.collapsed !== true && p.panels.length > 0) {
        // Grafana shows an expanded row's panels only when they follow it in the top-level list.
        err(d, ['panels', i, 'panels'], `row "${p.title}" is expanded ("collapsed": false) but holds panels: Grafana ignores them; move them after the row`);
      }
      p.panels.forEach((child, j) => {
        if (isObject(child) && child.type === 'row') err(d, ['panels', i, 'panels', j], 'a row cannot hold another row');
        else checkPanel(ctx, child, ['panels', i, 'panels', j], ids);
      });
    }
  });
}

function checkPanel(ctx, p, at, ids) {
  const { d } = ctx;
  if (!isObject(p)) return; // tsc reports it
  const label = p.type === 'row' ? `row "${p.title ?? ''}"` : 'panel';

  if (!Number.isInteger(p.id)) {
    // viewPanel links, panel embedding and image rendering all address a panel by id.
    err(d, p.id === undefined ? at : [...at, 'id'], `${label} needs a numeric "id"`);
  } else if (ids.has(p.id)) {
    err(d, [...at, 'id'], `${prefix(label)}id ${p.id} is also the id of ${ids.get(p.id)}; panel ids must be unique in a dashboard`);
  } else {
    ids.set(p.id, p.title ? `"${p.title}"` : `panels${pathText(at.slice(1))}`);
  }

  checkGridPos(d, p.gridPos, at, label);
  if (p.type === 'row') return;

  if (typeof p.type === 'string' && REMOVED_PANEL_TYPES.has(p.type)) {
    err(d, [...at, 'type'], `panel type "${p.type}" was removed from Grafana; use "${REMOVED_PANEL_TYPES.get(p.type)}"`);
    d.errors.at(-1).unknownPanel = true;
  } else if (typeof p.type !== 'string' || !CORE_PANEL_TYPES.has(p.type)) {
    err(d, [...at, 'type'], `unknown panel type ${JSON.stringify(p.type)}: Didban uses only Grafana's core panels (${[...CORE_PANEL_TYPES].join(', ')})`);
    d.errors.at(-1).unknownPanel = true;
  }

  for (const key of ['title', 'description']) checkVariableRefs(ctx, p[key], [...at, key], label);
  checkVariableRefs(ctx, p.links, [...at, 'links'], label);
  if (p.repeat !== undefined && p.repeat !== '' && !ctx.variables.has(p.repeat)) {
    err(d, [...at, 'repeat'], `repeats over variable "${p.repeat}", which templating.list does not define`);
  }

  const panelDs = p.datasource;
  if (panelDs != null) checkDatasourceRef(ctx, panelDs, [...at, 'datasource'], label);
  const targets = Array.isArray(p.targets) ? p.targets : [];
  if (targets.length > 0 && panelDs == null) {
    err(d, at, `${label} has queries but no "datasource": Grafana would run them on whichever datasource is the default`);
  }
  const refIds = new Set();
  targets.forEach((t, k) => {
    const tat = [...at, 'targets', k];
    if (!isObject(t)) return;
    const tlabel = `query ${typeof t.refId === 'string' ? t.refId : '#' + (k + 1)}`;
    if (typeof t.refId !== 'string' || t.refId === '') err(d, tat, `${tlabel} needs a "refId"`);
    else if (refIds.has(t.refId)) err(d, [...tat, 'refId'], `refId "${t.refId}" is used twice in one panel`);
    else refIds.add(t.refId);

    if (!isObject(t.datasource) || typeof t.datasource.type !== 'string' || typeof t.datasource.uid !== 'string') {
      err(d, t.datasource === undefined ? tat : [...tat, 'datasource'], `${tlabel} needs a "datasource" with "type" and "uid"`);
    } else {
      const resolved = checkDatasourceRef(ctx, t.datasource, [...tat, 'datasource'], tlabel);
      if (isObject(panelDs) && panelDs.uid !== MIXED && typeof panelDs.uid === 'string' && t.datasource.uid !== panelDs.uid) {
        err(d, [...tat, 'datasource', 'uid'], `${tlabel} uses datasource "${t.datasource.uid}" but the panel uses "${panelDs.uid}"; ` +
          `a panel mixing datasources needs "datasource": {"type": "datasource", "uid": "${MIXED}"}`);
      }
      if (resolved === 'prometheus' && !nonEmpty(t.expr)) {
        err(d, t.expr === undefined ? tat : [...tat, 'expr'], `${tlabel} (Prometheus) has no "expr"`);
      }
      if (resolved === 'influxdb' && !nonEmpty(t.query) && (t.rawQuery === true || !nonEmpty(t.measurement))) {
        err(d, tat, `${tlabel} (InfluxDB) has neither a raw "query" nor a "measurement"`);
      }
    }
    // the datasource uid was checked above, variable or not
    for (const [key, x] of Object.entries(t)) if (key !== 'datasource') checkVariableRefs(ctx, x, [...tat, key], tlabel);
  });
}

function checkGridPos(d, g, at, label) {
  if (!isObject(g)) {
    err(d, g === undefined ? at : [...at, 'gridPos'], `${label} needs a "gridPos" with h, w, x and y`);
    return;
  }
  for (const k of ['h', 'w', 'x', 'y']) {
    if (!Number.isInteger(g[k]) || g[k] < 0) {
      err(d, g[k] === undefined ? [...at, 'gridPos'] : [...at, 'gridPos', k], `${prefix(label)}gridPos.${k} must be a whole number ≥ 0, not ${JSON.stringify(g[k])}`);
      return;
    }
  }
  if (g.w < 1 || g.h < 1) err(d, [...at, 'gridPos'], `${prefix(label)}gridPos needs w and h of at least 1`);
  if (g.x + g.w > 24) err(d, [...at, 'gridPos'], `${prefix(label)}gridPos x + w = ${g.x + g.w} is wider than Grafana's 24-column grid`);
}

// Returns the datasource's type when the reference resolves, else undefined.
function checkDatasourceRef(ctx, ref, at, label) {
  const { d, variables } = ctx;
  if (!isObject(ref)) {
    err(d, at, `${prefix(label)}"datasource" must be {"type": …, "uid": …}, not ${JSON.stringify(ref)}`);
    return undefined;
  }
  const { uid, type } = ref;
  if (typeof uid !== 'string' || uid === '') {
    err(d, at, `${prefix(label)}the datasource has no "uid"`);
    return undefined;
  }
  const varName = /^\$\{?(\w+)\}?$/.exec(uid)?.[1];
  if (varName !== undefined) {
    const variable = variables.get(varName);
    if (!variable) {
      err(d, [...at, 'uid'], `${prefix(label)}datasource uid "${uid}" names variable "${varName}", which templating.list does not define`);
    } else if (variable.type !== 'datasource') {
      err(d, [...at, 'uid'], `${prefix(label)}datasource uid "${uid}" names variable "${varName}", which is a ${variable.type} variable, not a datasource variable`);
    } else {
      return typeof variable.query === 'string' ? variable.query : type;
    }
    return undefined;
  }
  if (SPECIAL_DATASOURCES.has(uid)) {
    if (type !== undefined && !SPECIAL_DATASOURCES.get(uid).includes(type)) {
      err(d, [...at, 'type'], `${prefix(label)}Grafana's "${uid}" datasource has type ${SPECIAL_DATASOURCES.get(uid).map((t) => `"${t}"`).join(' or ')}, not "${type}"`);
    }
    return type;
  }
  const known = datasources.get(uid);
  if (!known) {
    err(d, [...at, 'uid'], `${prefix(label)}unknown datasource uid "${uid}"; the provisioned ones are ${[...datasources.keys()].map((u) => `"${u}"`).join(', ')}`);
    return undefined;
  }
  if (type !== undefined && known.type && type !== known.type) {
    err(d, [...at, 'type'], `${prefix(label)}datasource "${uid}" has type "${known.type}", not "${type}"`);
  }
  return known.type;
}

// Every $var, ${var…} and [[var]] in the strings under `value` must be a defined variable or a built-in.
function checkVariableRefs(ctx, value, at, label) {
  if (typeof value === 'string') {
    for (const m of value.matchAll(VARIABLE_REF)) {
      const name = m[1] ?? m[2] ?? m[4];
      if (/^\d+$/.test(name)) continue; // $1 is a regex back-reference (label_replace), never a variable
      // InfluxQL's alias patterns ($tag_branch, $m, $col) are not template variables.
      if (at[at.length - 1] === 'alias' && /^(tag_\w+|m|measurement|col)$/.test(name)) continue;
      if (ctx.variables.has(name) || BUILTIN_VARIABLES.has(name)) continue;
      if (m[5] !== undefined && BUILTIN_NAMESPACES.has(name)) continue;
      err(ctx.d, at, `${label} uses ${m[0]}, but no variable "${name}" is defined in templating.list (nor is it a Grafana built-in)`);
    }
  } else if (Array.isArray(value)) {
    value.forEach((x, i) => checkVariableRefs(ctx, x, [...at, i], label));
  } else if (isObject(value)) {
    for (const [k, x] of Object.entries(value)) checkVariableRefs(ctx, x, [...at, k], label);
  }
}

// When a panel's type is unknown, TypeScript matches the panel against some other panel type and
// reports its options as wrong too; the unknown type (reported above) is the one real error.
function dropNoiseInUnknownPanels(d) {
  const unknown = d.errors.filter((e) => e.unknownPanel).map((e) => JSON.stringify(e.path.slice(0, -1)).slice(0, -1));
  if (unknown.length === 0) return;
  d.errors = d.errors.filter((e) => !e.fromTsc || e.path.at(-1) === 'type' ||
    !unknown.some((prefix) => JSON.stringify(e.path).startsWith(prefix + ',')));
}

// "query A: …" or "row "X": …"; a plain panel is already named by the error's location.
function prefix(label) {
  return label === 'panel' ? '' : `${label}: `;
}

function err(d, at, message) {
  d.errors.push({ path: at, offset: offsetOfPath(d, at), message });
}

// ---------------------------------------------------------------------------------------------
// TypeScript: one generated module per dashboard, all compiled in one tsc run

function runTsc(ds) {
  fs.rmSync(GENERATED_DIR, { recursive: true, force: true });
  fs.mkdirSync(GENERATED_DIR, { recursive: true });
  const HEADER = "import type { JsonDashboard } from '../dashboard-types';\n";
  // The object literal keeps TypeScript's contextual typing and excess-property checks;
  // importing the .json file instead would widen every string and skip both.
  const PREFIX = 'export const dashboard: JsonDashboard = ';
  const byGenerated = new Map();
  ds.forEach((d, i) => {
    const name = `${String(i).padStart(3, '0')}-${path.basename(d.file, '.json').replace(/[^\w.-]/g, '_')}.ts`;
    const gen = path.join(GENERATED_DIR, name);
    const text = HEADER + PREFIX + d.text + ';\n';
    fs.writeFileSync(gen, text);
    byGenerated.set(path.resolve(gen), { d, shift: HEADER.length + PREFIX.length, lines: lineStarts(text, true) });
  });
  fs.writeFileSync(path.join(GENERATED_DIR, 'tsconfig.json'), JSON.stringify({
    extends: '../tsconfig.json',
    files: ['../dashboard-types.ts', ...[...byGenerated.keys()].map((f) => path.basename(f))],
  }, null, 2) + '\n');

  const run = spawnSync(process.execPath, [TSC, '-p', path.join(GENERATED_DIR, 'tsconfig.json'), '--pretty', 'false'], {
    cwd: HERE,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (run.error) return [`cannot run tsc: ${run.error.message}`];
  const setup = [];
  let last = null;
  for (const line of (run.stdout + run.stderr).split(/\r?\n/)) {
    if (line.trim() === '') continue;
    const m = /^(.+?)\((\d+),(\d+)\): error (TS\d+): (.*)$/.exec(line);
    if (m) {
      const target = byGenerated.get(path.resolve(HERE, m[1]));
      if (!target) {
        setup.push(line);
        last = null;
        continue;
      }
      const genOffset = target.lines[Number(m[2]) - 1] + Number(m[3]) - 1;
      const offset = Math.max(0, genOffset - target.shift);
      last = { offset, path: pathAt(target.d, offset), message: `${m[4]}: ${m[5]}`, fromTsc: true };
      target.d.errors.push(last);
    } else if (/^\s/.test(line) && last) {
      last.message += '\n' + line.replace(/^\s+/, (s) => '  ' + s);
    } else {
      setup.push(line);
      last = null;
    }
  }
  if (run.status !== 0 && setup.length === 0 && ds.every((d) => d.errors.length === 0)) {
    setup.push(`tsc exited with ${run.status} and printed nothing it could be matched to a dashboard`);
  }
  return setup;
}

// ---------------------------------------------------------------------------------------------
// A JSON parser that remembers where each value is, so errors can name line, column and panel

function parseJson(text) {
  let i = 0;
  const spans = [];
  const duplicates = [];
  const fail = (message, at = i) => {
    const e = new Error(message);
    e.offset = at;
    throw e;
  };
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i])) i++;
  };
  const value = (at, keyStart) => {
    ws();
    const start = i;
    let v;
    const c = text[i];
    if (c === '{') {
      i++;
      v = {};
      ws();
      if (text[i] === '}') i++;
      else {
        for (;;) {
          ws();
          if (text[i] !== '"') fail(text[i] === undefined ? 'unexpected end of file' : `expected a "key" but found ${JSON.stringify(text[i])}${text[i] === '}' ? ' (a trailing comma?)' : ''}`);
          const kStart = i;
          const key = string();
          ws();
          if (text[i] !== ':') fail(`expected ":" after key "${key}"`);
          i++;
          if (Object.prototype.hasOwnProperty.call(v, key)) duplicates.push({ key, offset: kStart, path: [...at, key] });
          Object.defineProperty(v, key, { value: value([...at, key], kStart), enumerable: true, writable: true, configurable: true });
          ws();
          if (text[i] === ',') i++;
          else if (text[i] === '}') { i++; break; } else fail(`expected "," or "}" but found ${text[i] === undefined ? 'the end of the file' : JSON.stringify(text[i])}`);
        }
      }
    } else if (c === '[') {
      i++;
      v = [];
      ws();
      if (text[i] === ']') i++;
      else {
        for (;;) {
          ws();
          if (text[i] === ']') fail('unexpected "]" (a trailing comma?)');
          v.push(value([...at, v.length]));
          ws();
          if (text[i] === ',') i++;
          else if (text[i] === ']') { i++; break; } else fail(`expected "," or "]" but found ${text[i] === undefined ? 'the end of the file' : JSON.stringify(text[i])}`);
        }
      }
    } else if (c === '"') {
      v = string();
    } else if (c === '-' || (c >= '0' && c <= '9')) {
      const re = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
      re.lastIndex = i;
      const m = re.exec(text);
      if (!m) fail('invalid number');
      i += m[0].length;
      v = Number(m[0]);
    } else if (text.startsWith('true', i)) { i += 4; v = true; } else if (text.startsWith('false', i)) { i += 5; v = false; } else if (text.startsWith('null', i)) { i += 4; v = null; } else fail(c === undefined ? 'unexpected end of file' : `unexpected ${JSON.stringify(c)}`);
    spans.push({ path: at, start: keyStart ?? start, end: i });
    return v;
  };
  const string = () => {
    const start = i++;
    for (;;) {
      if (i >= text.length) fail('unterminated string', start);
      const c = text.charCodeAt(i);
      if (c === 0x22) { i++; break; }
      if (c === 0x5c) { i += 2; continue; }
      if (c < 0x20) fail('raw control character (a line break?) inside a string; write it as an escape');
      i++;
    }
    try {
      return JSON.parse(text.slice(start, i));
    } catch {
      return fail('invalid escape sequence in string', start);
    }
  };
  const result = value([]);
  ws();
  if (i < text.length) fail('unexpected text after the end of the dashboard object');
  return { value: result, spans, duplicates };
}

// ---------------------------------------------------------------------------------------------
// Positions and formatting

// Line starts, either as editors count them or (ts = true) as TypeScript does (also U+2028/2029).
function lineStarts(text, ts = false) {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\r') {
      if (text[i + 1] === '\n') i++;
      starts.push(i + 1);
    } else if (c === '\n' || (ts && (c === '\u2028' || c === '\u2029'))) {
      starts.push(i + 1);
    }
  }
  return starts;
}

function lineCol(d, offset) {
  let lo = 0;
  let hi = d.lines.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (d.lines[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, col: offset - d.lines[lo] + 1 };
}

// The innermost value (or "key": value member) containing the offset.
function pathAt(d, offset) {
  let best = null;
  for (const s of d.spans) {
    if (s.start <= offset && offset < Math.max(s.end, s.start + 1) && (!best || s.end - s.start <= best.end - best.start)) best = s;
  }
  return best ? best.path : [];
}

// Where the value at `at` starts; for a missing key, where its nearest existing parent starts.
function offsetOfPath(d, at) {
  for (let n = at.length; n >= 0; n--) {
    const key = JSON.stringify(at.slice(0, n));
    const s = d.spans.find((x) => JSON.stringify(x.path) === key);
    if (s) return s.start;
  }
  return undefined;
}

// "panel "Title" (panels[3].targets[0].expr)" for a path into the dashboard.
function describe(d, at) {
  if (!at || at.length === 0) return '';
  let panel = null;
  let node = d.value;
  for (let k = 0; k < at.length && node !== undefined && node !== null; k++) {
    node = node[at[k]];
    if (at[k - 1] === 'panels' && typeof at[k] === 'number' && isObject(node)) panel = node;
  }
  const where = `(${pathText(at)})`;
  if (!panel) {
    // a variable or an annotation is named by its "name"
    const list = (at[0] === 'templating' || at[0] === 'annotations') && at[1] === 'list' && typeof at[2] === 'number'
      ? d.value?.[at[0]]?.list?.[at[2]] : undefined;
    if (isObject(list) && typeof list.name === 'string') {
      return `${at[0] === 'templating' ? 'variable' : 'annotation'} "${list.name}" ${where}`;
    }
    return where;
  }
  const kind = panel.type === 'row' ? 'row' : 'panel';
  const title = typeof panel.title === 'string' && panel.title !== '' ? `"${panel.title}"` : `id ${panel.id ?? '?'}`;
  return `${kind} ${title} ${where}`;
}

function pathText(at) {
  return at.map((k, i) => (typeof k === 'number' ? `[${k}]` : /^[A-Za-z_$][\w$]*$/.test(k) ? (i === 0 ? k : `.${k}`) : `[${JSON.stringify(k)}]`)).join('');
}

function formatError(d, e) {
  const pos = e.offset !== undefined ? lineCol(d, e.offset) : null;
  const head = `${display(d.file)}${pos ? `:${pos.line}:${pos.col}` : ''}`;
  const where = describe(d, e.path);
  const [first, ...rest] = shortenTypes(e.message).split('\n');
  const out = [`${head}: ${where ? where + ': ' : ''}${oneLine(first, 400)}`];
  for (const r of rest) out.push('    ' + oneLine(r.trim(), 400));
  if (pos && d.text) {
    const lineText = d.text.slice(d.lines[pos.line - 1], d.lines[pos.line] ?? d.text.length).replace(/[\r\n]+$/, '');
    out.push(`    ${String(pos.line).padStart(5)} | ${lineText.length > 200 ? lineText.slice(0, 200) + ' …' : lineText}`);
  }
  return out.join('\n');
}

function sortErrors(errors) {
  return [...errors].sort((a, b) => (a.offset ?? -1) - (b.offset ?? -1));
}

// Anonymous object types run to hundreds of characters in TypeScript's messages; the start is enough.
function shortenTypes(message) {
  return message.replace(/'(\{[^'\n]{100,}?)'(?=[.\s]|$)/g, (_, t) => `'${t.slice(0, 90)} … }'`);
}

// TypeScript spells out whole types in its messages; keep the start and the end ("Did you mean …").
function oneLine(s, max) {
  s = s.replace(/\s+/g, ' ');
  return s.length <= max ? s : s.slice(0, Math.floor(max * 0.65)) + ' … ' + s.slice(s.length - Math.floor(max * 0.35));
}

function indent(s, by) {
  return s.split('\n').map((l) => by + l).join('\n');
}

function display(p) {
  const rel = path.relative(REPO, p);
  return rel.startsWith('..') || path.isAbsolute(rel) ? p : rel.split(path.sep).join('/');
}

function packageVersion(name) {
  try {
    return JSON.parse(fs.readFileSync(path.join(HERE, 'node_modules', name, 'package.json'), 'utf8')).version;
  } catch {
    return '?';
  }
}

function isObject(x) {
  return x !== null && typeof x === 'object' && !Array.isArray(x);
}

function nonEmpty(x) {
  return typeof x === 'string' && x.trim() !== '';
}
