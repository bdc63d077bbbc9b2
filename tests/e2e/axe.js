// axe-core with the WCAG 2.0 and 2.1 A and AA rules (those behind JIS X 8341-3:2016 AA).
const { AxeBuilder } = require('@axe-core/playwright');

/** axe's violations on the page as it is now, one line each (empty when there is none). */
exports.violations = async function violations(page) {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return result.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
};
