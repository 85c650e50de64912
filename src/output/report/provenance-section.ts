// Section 8, provenance: what produced this page and how to produce it again, with links to
// the CSV files written beside it (relative links, so the folder can be moved or zipped).

import type { LoadedModel } from '../../model/index.js';
import type { Provenance } from './data.js';
import { displayPath } from '../../io/paths.js';
import { esc, section } from './html.js';

/** Replaced by the page's own size once the page is complete. */
export const WEIGHT_MARK = '<!--page-weight-->';

export function provenanceSection(loaded: LoadedModel, seed: string, trials: number, p: Provenance): string {
  const rows: [string, string][] = [
    ['config', displayPath(loaded.file)],
    ['model', loaded.model.name],
    ['model hash', loaded.model.hash],
    ['seed', seed],
    ['trials', trials.toLocaleString('en-US')],
    ['riskchain', p.version],
    ['created', p.createdAt],
    ['Node.js', p.node],
    ['command', p.command],
    ...(p.buildMs !== undefined ? [['time to build', `${(p.buildMs / 1000).toFixed(1)} s`] as [string, string]] : []),
    ['page weight', WEIGHT_MARK],
  ];
  const files =
    p.files.length === 0
      ? ''
      : `<h3>Files beside this page</h3><ul class="files">${p.files.map((f) => `<li><a href="${esc(encodeURI(f.href))}">${esc(f.href)}</a> — ${esc(f.label)}</li>`).join('')}</ul>`;
  return section(
    'provenance',
    'Provenance',
    'Everything needed to reproduce the numbers on this page: the same config, seed and trial count give the same numbers on any machine and any number of workers.',
    `<div class="table-wrap"><table class="kv"><tbody>${rows.map(([k, v]) => `<tr><th scope="row">${esc(k)}</th><td>${v === WEIGHT_MARK ? v : `<code>${esc(v)}</code>`}</td></tr>`).join('')}</tbody></table></div>${files}`,
  );
}
