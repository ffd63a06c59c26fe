// The ECharts the dashboard pages draw with (../static/stats/dashboard.js), and nothing more: these charts and
// components only. `npm run build` (run by `make install`) bundles it into build/echarts.min.js, served as
// vendor/echarts/echarts.min.js; a test checks every chart type dashboard.js asks for is imported here.
import * as echarts from "echarts/core";
import { BarChart, LineChart, MapChart, PieChart } from "echarts/charts";
import { GridComponent, LegendComponent, TooltipComponent, VisualMapContinuousComponent } from "echarts/components";
import { CanvasRenderer } from "echarts/renderers";

echarts.use([BarChart, LineChart, MapChart, PieChart, GridComponent, LegendComponent, TooltipComponent,
  VisualMapContinuousComponent, CanvasRenderer]);
window.echarts = echarts;
