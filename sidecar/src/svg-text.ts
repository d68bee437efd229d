/** Text made safe to put in SVG (both the task contact sheets and the bench charts draw SVG for sharp). */
export const escapeXml = (s: string): string =>
  s.replace(/[<>&"]/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;" })[c]!);
