// ECharts, with only the parts the app draws: bar charts on a cartesian grid, a tooltip and a
// legend, on canvas. Importing `echarts` whole would add every chart type and map to the bundle.
import { init, use } from 'echarts/core';
import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

use([BarChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

/** The font of the page (main.css), so that chart text matches the text around it. */
export const kChartFont =
  "'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'WenQuanYi Micro Hei', 'Helvetica Neue', Arial, sans-serif";

/** A chart in `element` whose own texts (ECharts' built-in ones) are in `locale` ('zh-CN' | 'en'). */
export function createChart(element, locale) {
  return init(element, null, { renderer: 'canvas', locale: locale === 'en' ? 'EN' : 'ZH' });
}
