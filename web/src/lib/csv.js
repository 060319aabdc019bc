// CSV export of a table, made in the browser: RFC 4180 quoting, CRLF line ends, and a UTF-8 byte
// order mark so that Excel opens Chinese text as UTF-8 rather than the system's code page.
//
//   downloadCsv('kols.csv', [{ key: 'rank', label: '排名' }, ...], rows)
//
// A column is {label, key} or {label, value: (row) => x}. Numbers are written as they are;
// strings that a spreadsheet would read as a formula (=, +, -, @ first) get a leading apostrophe,
// the usual guard against CSV injection: the values come from other members' names and posts.

const FORMULA = /^[=+\-@\t\r]/;

export function csvField(v) {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  let s = String(v);
  if (FORMULA.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s;
}

export function cellValue(col, row) {
  return col.value ? col.value(row) : row[col.key];
}

export function toCsv(columns, rows) {
  const lines = [columns.map((c) => csvField(c.label)).join(',')];
  for (const row of rows) lines.push(columns.map((c) => csvField(cellValue(c, row))).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

// A file name safe on every system, from a title that may hold anything.
export function csvName(...parts) {
  const base = parts.filter((p) => p !== undefined && p !== null && p !== '').join('-')
    .replace(/[\\/:*?"<>|\s]+/g, '_').slice(0, 80);
  return `${base || 'table'}.csv`;
}

export function downloadCsv(filename, columns, rows) {
  const blob = new Blob([toCsv(columns, rows)], { type: 'text/csv;charset=utf-8' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
