const KEYWORDS = new Set([
  'and',
  'or',
  'unless',
  'by',
  'without',
  'on',
  'ignoring',
  'group_left',
  'group_right',
  'offset',
  'bool',
  'inf',
  'nan',
]);

/**
 * Metric names a PromQL expression reads. Not a parser: strings, label matchers, ranges and
 * grouping lists are removed, then every identifier that is not a function call or a keyword is
 * a metric name. Good enough for the suite's own rules and dashboard, which the tests also
 * check with promtool.
 */
export function metricNames(expr: string): string[] {
  const bare = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(
      /\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g,
      ' ',
    );
  const names = new Set<string>();
  for (const m of bare.matchAll(
    /(?<![\w.])([a-zA-Z_:][a-zA-Z0-9_:]*)(\s*\()?/g,
  )) {
    if (!m[2] && !KEYWORDS.has(m[1].toLowerCase())) names.add(m[1]);
  }
  return [...names];
}

/** A histogram or summary is exported under its base name; queries read its _bucket/_count/_sum series. */
export const baseMetricName = (name: string) =>
  name.replace(/_(bucket|count|sum)$/, '');
