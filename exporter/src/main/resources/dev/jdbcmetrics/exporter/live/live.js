// The live page: fetches api/summary every few seconds and rebuilds the tables. All text goes
// in through textContent (SQL text is attacker-influenced): no innerHTML anywhere.
'use strict';

const REFRESH_MILLIS = 2000;
// Where the server has a probe route (the sidecar), each target's name links to its own metrics.
const PROBE_META = document.querySelector('meta[name="jdbc-metrics-probe"]');
const PROBE_PATH = PROBE_META ? PROBE_META.content : null;

function cell(row, text, className) {
  const td = document.createElement('td');
  td.textContent = text;
  if (className) {
    td.className = className;
  }
  row.appendChild(td);
  return td;
}

function seconds(value) {
  if (value === null || value === undefined) {
    return '–';
  }
  if (value < 0.001) {
    return (value * 1e6).toFixed(0) + ' µs';
  }
  if (value < 1) {
    return (value * 1e3).toFixed(value < 0.01 ? 2 : 1) + ' ms';
  }
  return value.toFixed(2) + ' s';
}

function number(value) {
  return value === null || value === undefined ? '–' : String(value);
}

function fill(tableId, items, columns, render) {
  const body = document.querySelector('#' + tableId + ' tbody');
  const rows = [];
  if (items.length === 0) {
    const tr = document.createElement('tr');
    const td = cell(tr, 'none', 'empty');
    td.colSpan = columns;
    rows.push(tr);
  }
  for (const item of items) {
    const tr = document.createElement('tr');
    render(tr, item);
    rows.push(tr);
  }
  body.replaceChildren(...rows);
}

function render(summary) {
  fill('datasources', summary.datasources, 5, (tr, d) => {
    tr.dataset.name = d.name;
    if (PROBE_PATH && d.up !== null) {
      const link = document.createElement('a');
      link.href = PROBE_PATH + '?target=' + encodeURIComponent(d.name);
      link.textContent = d.name;
      cell(tr, '').appendChild(link);
    } else {
      cell(tr, d.name);
    }
    const up = cell(tr, d.up === null ? '–' : d.up === 1 ? 'up' : 'down', d.up === null ? '' : d.up === 1 ? 'up' : 'down');
    up.dataset.field = 'up';
    const saturation = cell(tr, '', 'num');
    saturation.dataset.field = 'saturation';
    if (d.saturation !== null) {
      const bar = document.createElement('span');
      bar.className = d.saturation >= 0.8 ? 'bar hot' : 'bar';
      bar.style.width = Math.round(Math.min(1, Math.max(0, d.saturation)) * 6) + 'em';
      saturation.appendChild(bar);
      saturation.appendChild(document.createTextNode(d.saturation.toFixed(2)));
    } else {
      saturation.textContent = '–';
    }
    cell(tr, number(d.active) + ' / ' + number(d.max), 'num');
    cell(tr, number(d.executed), 'num').dataset.field = 'executed';
  });
  fill('statements', summary.statements, 6, (tr, s) => {
    tr.dataset.fingerprint = s.fingerprint;
    cell(tr, s.datasource);
    const sql = cell(tr, s.sql, 'sql');
    sql.title = 'fingerprint ' + s.fingerprint;
    cell(tr, number(s.count), 'num').dataset.field = 'count';
    cell(tr, seconds(s.totalSeconds), 'num');
    cell(tr, seconds(s.meanSeconds), 'num');
    cell(tr, seconds(s.p99Seconds), 'num');
  });
  fill('slow', summary.slowQueries, 6, (tr, q) => {
    cell(tr, new Date(q.at).toLocaleTimeString());
    cell(tr, q.datasource);
    cell(tr, q.operation);
    cell(tr, q.table);
    cell(tr, seconds(q.seconds), 'num');
    cell(tr, q.sql, 'sql');
  });
}

async function refresh() {
  const status = document.getElementById('status');
  try {
    const response = await fetch('api/summary', { cache: 'no-store', credentials: 'same-origin' });
    if (!response.ok) {
      throw new Error('HTTP ' + response.status);
    }
    render(await response.json());
    status.textContent = 'updated ' + new Date().toLocaleTimeString() + ', every ' + REFRESH_MILLIS / 1000 + ' s';
    status.className = 'status';
  } catch (e) {
    status.textContent = 'update failed: ' + e.message;
    status.className = 'status error';
  } finally {
    setTimeout(refresh, REFRESH_MILLIS);
  }
}

document.addEventListener('DOMContentLoaded', refresh);
