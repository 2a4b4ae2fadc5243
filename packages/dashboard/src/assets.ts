// The dashboard's only static files: one stylesheet and one small script (live progress, filter forms).

/** The stylesheet, served at `/assets/app.css`. */
export const STYLESHEET = `
:root{--bg:#f7f8fa;--fg:#1d2330;--muted:#667085;--line:#d9dde5;--card:#fff;--accent:#2255cc;--ok:#1a7f37;--bad:#c62828;--warn:#b26a00;--info:#2255cc}
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;background:var(--bg);color:var(--fg)}
header{background:#1d2330;color:#fff;padding:.6rem 1.2rem;display:flex;gap:1.2rem;align-items:center}
header a{color:#fff;text-decoration:none;font-weight:600}
header .brand{font-size:1.1rem;margin-right:1rem}
header .spacer{flex:1}
header form{display:inline}
main,footer>div{padding:1.2rem;max-width:1400px;margin:0 auto}
h1{font-size:1.4rem;margin:.2rem 0 1rem}
h2{font-size:1.1rem;margin:1.4rem 0 .6rem}
a{color:var(--accent)}
table{border-collapse:collapse;width:100%;background:var(--card);border:1px solid var(--line)}
th,td{text-align:left;padding:.35rem .6rem;border-bottom:1px solid var(--line);vertical-align:top}
th{background:#eef1f6;font-weight:600;white-space:nowrap}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
tr.total>*{background:#eef1f6;font-weight:600}
a.count{font-weight:600}
.zero{color:var(--muted)}
mark{background:#ffe58a;color:inherit;padding:0 1px;border-radius:2px}
.card{background:var(--card);border:1px solid var(--line);border-radius:6px;padding:1rem;margin-bottom:1rem;overflow-x:auto}
.card>h2:first-child,.card>h3:first-child{margin-top:0}
h3{font-size:1rem;margin:.2rem 0 .6rem}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(100%,420px),1fr));gap:1rem;margin-top:1rem}
.stats{display:flex;flex-wrap:wrap;gap:1rem}
.stats>.card{flex:1 1 auto;overflow:visible;margin-bottom:0}
.scroll{overflow-x:auto}
.nowrap{white-space:nowrap}
.actions{margin:-.4rem 0 1rem}
.muted{color:var(--muted)}
.badge{display:inline-block;padding:0 .45rem;border-radius:9px;font-size:.78rem;font-weight:600;border:1px solid transparent;white-space:nowrap;text-decoration:none}
.badge.succeeded,.badge.success,.badge.create{background:#e6f4ea;color:var(--ok);border-color:#b7dfc2}
.badge.failed,.badge.failure,.badge.error,.badge.delete{background:#fdecea;color:var(--bad);border-color:#f3b9b3}
.badge.running,.badge.update{background:#e8effc;color:var(--info);border-color:#b9cdf3}
.badge.cancelled,.badge.skipped,.badge.warn{background:#fff4e0;color:var(--warn);border-color:#f1d39c}
.badge.none,.badge.unchanged,.badge.dry,.badge.pending{background:#f0f1f4;color:var(--muted);border-color:var(--line)}
.badge.blocked{background:#f3e8fd;color:#6a1b9a;border-color:#d5b3ee}
.badge.interrupted{background:#fdecea;color:#8a1c1c;border-color:#f1b0ab;border-style:dashed}
.badge.unknown,.badge.rolledBack,.badge.drifted{background:#fff4e0;color:#8a4b00;border-color:#e0b26a;border-style:dashed}
.card.safety{border-left:4px solid #8e44c9}
.card.safety table{width:auto;min-width:50%}
.card[data-apply]{border-left:4px solid var(--accent)}
.badges{display:flex;gap:.25rem;flex-wrap:wrap}
form.inline{display:inline}
form.filters{display:flex;gap:.6rem;align-items:end;flex-wrap:wrap;margin:.6rem 0}
form.filters label{display:flex;flex-direction:column;font-size:.8rem;color:var(--muted)}
form.filters label.search input{min-width:18rem}
form[data-run-form] input[type=text]{min-width:16rem}
form.filters a{align-self:center}
input,select,textarea,button{font:inherit}
input[type=text],input[type=search],input[type=password],input[type=number],select,textarea{padding:.3rem .4rem;border:1px solid var(--line);border-radius:4px;background:#fff}
button,.button{background:var(--accent);color:#fff;border:0;border-radius:4px;padding:.35rem .8rem;cursor:pointer;text-decoration:none;display:inline-block}
button.secondary{background:#eef1f6;color:var(--fg);border:1px solid var(--line)}
button.danger{background:var(--bad)}
.notice{border-left:4px solid var(--warn);background:#fff8eb;padding:.6rem .8rem;margin:.6rem 0}
.notice.error{border-color:var(--bad);background:#fdecea}
.tabs{display:flex;gap:.2rem;border-bottom:1px solid var(--line);margin:1rem 0}
.tabs a{padding:.4rem .9rem;text-decoration:none;border:1px solid transparent;border-bottom:0;border-radius:6px 6px 0 0;color:var(--fg)}
.tabs a.active{background:var(--card);border-color:var(--line);font-weight:600}
.pager{display:flex;gap:.8rem;align-items:center;margin:.6rem 0}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem;margin:0}
dl.facts dt{color:var(--muted)}
dl.facts dd{margin:0}
code,pre{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:.85rem}
pre{background:#f3f4f7;padding:.6rem;overflow:auto;border-radius:4px}
tr.create>td:first-child{border-left:4px solid var(--ok)}
tr.update>td:first-child{border-left:4px solid var(--info)}
tr.delete>td:first-child{border-left:4px solid var(--bad)}
tr.none>td:first-child{border-left:4px solid var(--line)}
.d1{padding-left:1.6rem!important}.d2{padding-left:2.8rem!important}.d3{padding-left:4rem!important}.d4{padding-left:5.2rem!important}.d5{padding-left:6.4rem!important}
table.changes{border:0;background:transparent;width:auto}
table.changes td,table.changes th{border:0;padding:.05rem .5rem;font-size:.85rem;background:transparent}
table.changes tr.same td{color:var(--muted)}
table.changes tr.changed td:first-child{border-left:3px solid var(--info)}
table.changes tr.changed code{font-weight:700}
table.changes td.old{background:#fdecea;color:#8a1c1c}
table.changes td.new{background:#e6f4ea;color:#0f5c27}
td.record,td.message{overflow-wrap:anywhere}
td.message{max-width:36rem}
.path{font-size:.8rem;color:#475467;margin-bottom:.1rem}
code.changed-field{background:#e8effc;color:#1a3f99;padding:0 .3rem;border-radius:3px}
svg.chart text{font-size:11px;fill:#444}
svg.chart .rss-end{fill:#7aa2e3}
svg.chart .rss-peak{fill:#2255cc}
svg.chart .heap-end{fill:#f0b774}
svg.chart .heap-peak{fill:#b26a00}
svg.chart .duration{fill:#2255cc}
svg.chart line{stroke:#ccc}
.legend span{margin-right:1rem;font-size:.8rem}
.swatch{display:inline-block;width:10px;height:10px;margin-right:.3rem}
.swatch.rss-end{background:#7aa2e3}.swatch.rss-peak{background:#2255cc}.swatch.heap-end{background:#f0b774}.swatch.heap-peak{background:#b26a00}
progress{width:160px}
`;

/** The script, served at `/assets/app.js`: live progress of a running run, and filter selects that submit on change. */
export const SCRIPT = `
(function () {
  'use strict';
  function text(el, value) { if (el) el.textContent = value; }
  function renderProgress(root, progress) {
    text(root.querySelector('[data-live-status]'), progress.status);
    var badge = root.querySelector('[data-live-status]');
    if (badge) badge.className = 'badge ' + progress.status;
    progress.steps.forEach(function (step) {
      var row = root.querySelector('[data-step="' + step.name + '"]');
      if (!row) return;
      var status = row.querySelector('[data-step-status]');
      text(status, step.status);
      if (status) status.className = 'badge ' + step.status;
      // Figures come formatted by the server (core's formatDuration and formatBytes), as on the page.
      text(row.querySelector('[data-step-duration]'), step.durationText || '');
      text(row.querySelector('[data-step-memory]'), step.memoryText || '');
      var models = row.querySelector('[data-step-models]');
      if (models) {
        while (models.firstChild) models.removeChild(models.firstChild);
        Object.keys(step.models).forEach(function (name) {
          var m = step.models[name];
          var line = document.createElement('div');
          var label = document.createElement('span');
          label.textContent = name + ': ' + m.current + (m.total !== undefined ? ' / ' + m.total : '') + ' ';
          line.appendChild(label);
          if (m.total) { var bar = document.createElement('progress'); bar.max = m.total; bar.value = m.current; line.appendChild(bar); }
          models.appendChild(line);
        });
      }
    });
  }
  var live = document.querySelector('[data-live-run]');
  if (live && window.EventSource) {
    var source = new EventSource(live.getAttribute('data-events'));
    source.addEventListener('progress', function (event) {
      var progress = JSON.parse(event.data);
      renderProgress(live, progress);
      if (progress.endedAt) { source.close(); window.setTimeout(function () { window.location.reload(); }, 300); }
    });
    source.addEventListener('error', function () { source.close(); });
  }
  document.querySelectorAll('form.filters select').forEach(function (select) {
    select.addEventListener('change', function () { select.form.submit(); });
  });
  document.querySelectorAll('[data-confirm]').forEach(function (form) {
    form.addEventListener('submit', function (event) { if (!window.confirm(form.getAttribute('data-confirm'))) event.preventDefault(); });
  });
})();
`;
