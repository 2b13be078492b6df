/** A cumulative histogram bucket: observations at or under `le` seconds. */
export interface Bucket {
  le: number;
  count: number;
}

/**
 * The quantile `q` of a cumulative histogram, interpolated linearly inside the bucket where it
 * falls, as PromQL's histogram_quantile does (so both data sources give the same answer). Null
 * without observations; the highest finite bound when the quantile falls in the +Inf bucket.
 */
export function histogramQuantile(q: number, buckets: Bucket[]): number | null {
  const sorted = [...buckets].sort((a, b) => a.le - b.le);
  if (sorted.length === 0) return null;
  const total = sorted[sorted.length - 1].count;
  if (!(total > 0)) return null;
  const rank = q * total;
  let lowerBound = 0;
  let lowerCount = 0;
  for (const b of sorted) {
    if (b.count >= rank) {
      if (b.le === Infinity) return lowerBound;
      const inBucket = b.count - lowerCount;
      if (inBucket <= 0) return b.le;
      return lowerBound + (b.le - lowerBound) * ((rank - lowerCount) / inBucket);
    }
    lowerBound = b.le;
    lowerCount = b.count;
  }
  return lowerBound;
}
