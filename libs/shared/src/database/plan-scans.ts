/** A sequential scan found in a query plan: the table and the columns its filter compares. */
export interface SeqScan {
  table: string;
  columns: string[];
}

/** One node of `EXPLAIN (FORMAT JSON)`. */
export interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  Schema?: string;
  Filter?: string;
  Plans?: PlanNode[];
}

/** Every node of a plan, depth first. */
export function planNodes(root: PlanNode): PlanNode[] {
  return [root, ...(root.Plans ?? []).flatMap(planNodes)];
}

/** Anything that runs SQL: a pg client or a TypeORM DataSource (they answer in different shapes). */
export interface SqlRunner {
  query(sql: string, params?: unknown[]): Promise<unknown>;
}

/** The rows of an answer, whichever runner gave it. */
export const rowsOf = <T>(answer: unknown): T[] =>
  (Array.isArray(answer) ? answer : (answer as { rows: T[] }).rows) as T[];

/** Every node of the plan PostgreSQL chooses for `sql`, depth first (EXPLAIN without running it). */
export async function explainNodes(db: SqlRunner, sql: string, params: unknown[] = []): Promise<PlanNode[]> {
  const [row] = rowsOf<{ 'QUERY PLAN': { Plan: PlanNode }[] }>(await db.query(`EXPLAIN (FORMAT JSON) ${sql}`, params));
  return planNodes(row['QUERY PLAN'][0].Plan);
}

/** Type names that follow `::` in a filter and would otherwise look like columns. */
const NOT_COLUMNS = new Set([
  'text',
  'integer',
  'bigint',
  'smallint',
  'numeric',
  'timestamp',
  'timestamptz',
  'date',
  'boolean',
  'character',
  'varying',
  'uuid',
  'time',
  'zone',
  'without',
  'with',
  'any',
  'all',
  'jsonb',
  'json',
  'regconfig',
  'tsvector',
  'tsquery',
  'double',
  'precision',
  'real',
  'name',
  'anyarray',
  'not',
  'null',
  'true',
  'false',
  'and',
  'or',
]);
const COMPARED =
  /([a-z_][a-z0-9_]*)"?\)*(?:::[a-z_ ]+(?:\[\])?\)*)*\s*(?:=|<>|!=|<=|>=|<|>|~~\*?|!~~\*?|@@|%|IS\b|IN\b|BETWEEN\b)/gi;

/** Column names compared in a plan's Filter; literals are dropped first (they may hold personal data). */
export function filterColumns(filter: string): string[] {
  const bare = filter.replace(/'(?:[^']|'')*'/g, "''");
  const columns = new Set<string>();
  for (const m of bare.matchAll(COMPARED)) {
    const name = m[1].toLowerCase();
    if (!NOT_COLUMNS.has(name) && !/^\$?\d/.test(name)) columns.add(name);
  }
  return [...columns].sort();
}

/** Every Seq Scan of an EXPLAIN (FORMAT JSON) plan with the columns of its filter. */
export function seqScans(plan: unknown): SeqScan[] {
  const roots = (Array.isArray(plan) ? plan : [plan]).map((r) => (r as { Plan?: PlanNode } | undefined)?.Plan);
  return roots
    .flatMap((root) => (root ? planNodes(root) : []))
    .filter((node) => node['Node Type'] === 'Seq Scan' && node['Relation Name'])
    .map((node) => ({
      table: node.Schema ? `${node.Schema}.${node['Relation Name']}` : (node['Relation Name'] as string),
      columns: node.Filter ? filterColumns(node.Filter) : [],
    }));
}
