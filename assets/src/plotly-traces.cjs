// The plotly.js bundle the app serves: the core (scatter) plus only the trace types our figures
// draw, a third of the full bundle's weight. `make install` builds it with esbuild into
// assets/vendor/plotly.min.js; its version must equal plotly.py's (a unit test checks).
// A figure with a trace type not listed here draws nothing: add the type here first.
var Plotly = require('plotly.js/lib/core');

Plotly.register([
    require('plotly.js/lib/bar'),
    require('plotly.js/lib/heatmap'),
    require('plotly.js/lib/scattergeo'),
]);

module.exports = Plotly;
