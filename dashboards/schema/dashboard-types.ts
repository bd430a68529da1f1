// The type each dashboard JSON file is checked against: @grafana/schema's Dashboard, adapted to
// what a JSON file can hold, and tightened where the published Dashboard type is loose.
// check.mjs writes every dashboard as `export const dashboard: JsonDashboard = <its JSON>;`.
import type {
  Dashboard,
  FieldConfig,
  FieldConfigSource,
  Panel,
  RowPanel,
  VariableModel,
} from '@grafana/schema';
// Per-plugin option types. @grafana/schema exports them only under these subpaths.
import type * as annolist from '@grafana/schema/dist/esm/raw/composable/annotationslist/panelcfg/x/AnnotationsListPanelCfg_types.gen';
import type * as barchart from '@grafana/schema/dist/esm/raw/composable/barchart/panelcfg/x/BarChartPanelCfg_types.gen';
import type * as bargauge from '@grafana/schema/dist/esm/raw/composable/bargauge/panelcfg/x/BarGaugePanelCfg_types.gen';
import type * as candlestick from '@grafana/schema/dist/esm/raw/composable/candlestick/panelcfg/x/CandlestickPanelCfg_types.gen';
import type * as canvas from '@grafana/schema/dist/esm/raw/composable/canvas/panelcfg/x/CanvasPanelCfg_types.gen';
import type * as dashlist from '@grafana/schema/dist/esm/raw/composable/dashboardlist/panelcfg/x/DashboardListPanelCfg_types.gen';
import type * as gauge from '@grafana/schema/dist/esm/raw/composable/gauge/panelcfg/x/GaugePanelCfg_types.gen';
import type * as geomap from '@grafana/schema/dist/esm/raw/composable/geomap/panelcfg/x/GeomapPanelCfg_types.gen';
import type * as heatmap from '@grafana/schema/dist/esm/raw/composable/heatmap/panelcfg/x/HeatmapPanelCfg_types.gen';
import type * as histogram from '@grafana/schema/dist/esm/raw/composable/histogram/panelcfg/x/HistogramPanelCfg_types.gen';
import type * as logs from '@grafana/schema/dist/esm/raw/composable/logs/panelcfg/x/LogsPanelCfg_types.gen';
import type * as news from '@grafana/schema/dist/esm/raw/composable/news/panelcfg/x/NewsPanelCfg_types.gen';
import type * as nodegraph from '@grafana/schema/dist/esm/raw/composable/nodegraph/panelcfg/x/NodeGraphPanelCfg_types.gen';
import type * as piechart from '@grafana/schema/dist/esm/raw/composable/piechart/panelcfg/x/PieChartPanelCfg_types.gen';
import type * as stat from '@grafana/schema/dist/esm/raw/composable/stat/panelcfg/x/StatPanelCfg_types.gen';
import type * as statetimeline from '@grafana/schema/dist/esm/raw/composable/statetimeline/panelcfg/x/StateTimelinePanelCfg_types.gen';
import type * as statushistory from '@grafana/schema/dist/esm/raw/composable/statushistory/panelcfg/x/StatusHistoryPanelCfg_types.gen';
import type * as table from '@grafana/schema/dist/esm/raw/composable/table/panelcfg/x/TablePanelCfg_types.gen';
import type * as text from '@grafana/schema/dist/esm/raw/composable/text/panelcfg/x/TextPanelCfg_types.gen';
import type * as timeseries from '@grafana/schema/dist/esm/raw/composable/timeseries/panelcfg/x/TimeSeriesPanelCfg_types.gen';
import type * as trend from '@grafana/schema/dist/esm/raw/composable/trend/panelcfg/x/TrendPanelCfg_types.gen';
import type * as xychart from '@grafana/schema/dist/esm/raw/composable/xychart/panelcfg/x/XYChartPanelCfg_types.gen';

// JSON holds an enum value as a plain string, and TypeScript's string enums are nominal ("thresholds"
// is not assignable to FieldColorModeId), so every string-like type becomes its literal union:
// `${FieldColorModeId}` is "thresholds" | "palette-classic" | ...  Numeric enums already accept literals.
// unknown and any stay as they are (mapping them would turn them into {}).
export type Json<T> = unknown extends T
  ? T
  : T extends string
    ? `${T}`
    : T extends number | boolean | null | undefined
      ? T
      : T extends readonly (infer E)[]
        ? Json<E>[]
        : { [K in keyof T]: Json<T[K]> };

// Grafana merges a plugin's defaults into the options a dashboard gives, so any subset is valid;
// the values given must still have the right types and no unknown keys.
export type JsonPartial<T> = unknown extends T
  ? T
  : T extends string
    ? `${T}`
    : T extends number | boolean | null | undefined
      ? T
      : T extends readonly (infer E)[]
        ? JsonPartial<E>[]
        : { [K in keyof T]?: JsonPartial<T[K]> };

type BasePanel = Omit<Json<Panel>, 'type' | 'options' | 'fieldConfig'>;

export interface PanelFieldConfig<Custom> extends Omit<Json<FieldConfig>, 'custom'> {
  custom?: Custom;
}

export interface PanelFieldConfigSource<Custom> extends Omit<Json<FieldConfigSource>, 'defaults'> {
  defaults: PanelFieldConfig<Custom>;
}

// A core panel whose options (and field config, where it has its own) are published in @grafana/schema.
// Custom is the type of fieldConfig.defaults.custom.
export interface PluginPanel<Type extends string, Options, Custom = Record<string, unknown>> extends BasePanel {
  type: Type;
  options?: JsonPartial<Options>;
  fieldConfig?: PanelFieldConfigSource<Custom>;
}

// Core panels that @grafana/schema publishes no option types for: their options stay unchecked.
export type UntypedPanelType =
  | 'alertlist'
  | 'datagrid'
  | 'flamegraph'
  | 'traces'
  | 'welcome'
  | 'gettingstarted';

export interface UntypedPanel extends BasePanel {
  type: UntypedPanelType;
  options?: Record<string, unknown>;
  fieldConfig?: PanelFieldConfigSource<Record<string, unknown>>;
}

// `type` discriminates the union, so each panel's options are checked against its own plugin's types,
// and a panel type outside this list is an error.
export type DashboardPanel =
  | PluginPanel<'annolist', annolist.Options>
  | PluginPanel<'barchart', barchart.Options, JsonPartial<barchart.FieldConfig>>
  | PluginPanel<'bargauge', bargauge.Options>
  | PluginPanel<'candlestick', candlestick.Options, JsonPartial<candlestick.FieldConfig>>
  | PluginPanel<'canvas', canvas.Options>
  | PluginPanel<'dashlist', dashlist.Options>
  | PluginPanel<'gauge', gauge.Options>
  | PluginPanel<'geomap', geomap.Options>
  | PluginPanel<'heatmap', heatmap.Options, JsonPartial<heatmap.FieldConfig>>
  | PluginPanel<'histogram', histogram.Options, JsonPartial<histogram.FieldConfig>>
  | PluginPanel<'logs', logs.Options>
  | PluginPanel<'news', news.Options>
  | PluginPanel<'nodeGraph', nodegraph.Options>
  | PluginPanel<'piechart', piechart.Options, JsonPartial<piechart.FieldConfig>>
  | PluginPanel<'stat', stat.Options>
  | PluginPanel<'state-timeline', statetimeline.Options, JsonPartial<statetimeline.FieldConfig>>
  | PluginPanel<'status-history', statushistory.Options, JsonPartial<statushistory.FieldConfig>>
  | PluginPanel<'table', table.Options, JsonPartial<table.FieldConfig>>
  | PluginPanel<'text', text.Options>
  | PluginPanel<'timeseries', timeseries.Options, JsonPartial<timeseries.FieldConfig>>
  | PluginPanel<'trend', trend.Options, JsonPartial<trend.FieldConfig>>
  | PluginPanel<'xychart', xychart.Options, JsonPartial<xychart.FieldConfig>>
  | UntypedPanel;

export interface DashboardRow extends Omit<Json<RowPanel>, 'panels'> {
  panels: DashboardPanel[];
}

// Fields Grafana itself writes into saved variables that the published VariableModel lacks:
// `definition` (the query text shown for query variables) and the interval variable's auto step.
export interface DashboardVariable extends Json<VariableModel> {
  definition?: string;
  auto?: boolean;
  auto_count?: number;
  auto_min?: string;
}

export interface JsonDashboard extends Omit<Json<Dashboard>, 'panels' | 'templating'> {
  panels?: Array<DashboardPanel | DashboardRow>;
  templating?: { list?: DashboardVariable[] };
}
