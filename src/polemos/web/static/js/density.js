// Where the map should look: the densest area of a selection, so that a stray event on another continent (a
// geocoding slip, a statement made abroad) does not zoom the whole theatre out to one cluster.
//
// Points fall into CELL-degree cells; occupied cells closer than REACH cells join one cluster. The cluster with
// the most events is the view when it holds at least HALF of them; otherwise (events spread over several areas)
// the view is the box between the TRIM and 1 - TRIM quantiles of latitude and longitude.
const CELL = 1;
const REACH = 2;
const HALF = 0.5;
const TRIM = 0.05;

function clusters(points) {
  const cells = new Map();
  for (const p of points) {
    const key = `${Math.floor(p[0] / CELL)},${Math.floor(p[1] / CELL)}`;
    if (!cells.has(key)) cells.set(key, []);
    cells.get(key).push(p);
  }
  const seen = new Set();
  const out = [];
  for (const start of cells.keys()) {
    if (seen.has(start)) continue;
    seen.add(start);
    const members = [];
    const todo = [start];
    while (todo.length) {
      const key = todo.pop();
      members.push(...cells.get(key));
      const [i, j] = key.split(",").map(Number);
      for (let di = -REACH; di <= REACH; di++) {
        for (let dj = -REACH; dj <= REACH; dj++) {
          const next = `${i + di},${j + dj}`;
          if (cells.has(next) && !seen.has(next)) { seen.add(next); todo.push(next); }
        }
      }
    }
    out.push(members);
  }
  return out.sort((a, b) => b.length - a.length);
}

function quantile(sorted, q) {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.round(q * (sorted.length - 1))))];
}

const box = (points) => [[Math.min(...points.map((p) => p[0])), Math.min(...points.map((p) => p[1]))],
                         [Math.max(...points.map((p) => p[0])), Math.max(...points.map((p) => p[1]))]];

// [[south, west], [north, east]] for points [[lat, lon], ...], with how many points lie inside; null for none
export function denseBounds(points) {
  if (!points.length) return null;
  let bounds;
  const best = clusters(points)[0];
  if (best.length >= HALF * points.length) {
    bounds = box(best);
  } else {
    const lats = points.map((p) => p[0]).sort((a, b) => a - b);
    const lons = points.map((p) => p[1]).sort((a, b) => a - b);
    bounds = [[quantile(lats, TRIM), quantile(lons, TRIM)], [quantile(lats, 1 - TRIM), quantile(lons, 1 - TRIM)]];
  }
  const [[s, w], [n, e]] = bounds;
  const inside = points.filter(([lat, lon]) => lat >= s && lat <= n && lon >= w && lon <= e).length;
  return { bounds, inside, total: points.length, all: box(points) };
}
