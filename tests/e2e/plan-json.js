// Reading a plan file (the format of docs/data-format.md) in the tests.

/** Every node of `plan`, in document order. */
function nodesOf(plan) {
  const walk = (nodes) => nodes.flatMap((n) => [n, ...walk(n.children || [])]);
  return walk(plan.nodes);
}

/** The KPI `id` of `plan`, and the node that holds it. */
exports.kpiOf = function kpiOf(plan, id) {
  const node = nodesOf(plan).find((n) => (n.kpis || []).some((k) => k.id === id));
  return { node, kpi: node.kpis.find((k) => k.id === id) };
};
