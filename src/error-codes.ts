// The stable codes of user errors: every Problem carries one, so programs and tests can tell
// mistakes apart without matching the wording, which may improve (zod's issues are a union on
// `code` for the same reason). A code names the kind of mistake, `area.what`; the message says
// the particulars. Codes are never renamed or reused; a new kind of mistake gets a new code.
// The table is the documentation: each code's one-line meaning; docs/error-codes.md is written
// from it, and tests/errors/codes.test.ts keeps the two equal and checks every code is produced.

export const ERROR_CODES = {
  // Reading a config file
  'io.cannot-read': 'the file cannot be opened or read (missing, no permission, a special file that fails)',
  'io.not-a-file': 'the path names a folder or a device, not a file',
  'io.too-large': 'the file is above the size limit',
  'config.json-syntax': 'the file is not valid JSON',
  'config.yaml-syntax': 'the file is not valid YAML, or uses too many aliases',
  'config.duplicate-key': 'a key appears twice in one mapping',
  'config.too-deep': 'mappings or lists nest deeper than the limit',
  'config.not-mapping': 'the config is not a mapping of sections',
  // The config's shape
  'config.unknown-key': 'a field or section the config format does not have',
  'config.missing-field': 'a required field is missing',
  'config.wrong-type': 'a field holds the wrong kind of value (text for a number, a list for a mapping, …)',
  'config.not-allowed-value': 'a value outside the allowed set (e.g. an unknown dist:)',
  'config.invalid-value': 'a value the field does not accept (a bad slug, a seed or trials out of range, a non-finite number)',
  // Names, references and structure
  'name.invalid': 'a node or scenario name that is not lowercase snake_case',
  'name.reserved': 'a node name that is a word of the formula language',
  'name.duplicate': 'two nodes share a name',
  'model.too-many-nodes': 'the model has more nodes than the limit',
  'model.no-outcomes': 'the config has no outcomes',
  'model.unknown-reference': 'a formula names a node that does not exist',
  'model.forbidden-reference': 'a node reads a kind of node it may not (e.g. a parameter reading an event)',
  'model.cycle': 'nodes refer to each other in a circle',
  'model.otherwise': '`otherwise` written outside outcomes, or more than once',
  // Probabilities and distributions
  'probability.percentage': 'a probability written as a percentage',
  'probability.out-of-range': 'a probability constant below 0 or above 1',
  'parameter.not-finite': 'a constant parameter that is not a finite number',
  'parameter.not-a-distribution': 'a parameter that is neither a number nor a `dist:` mapping',
  'dist.unknown-field': 'a field that the distribution family does not take',
  'dist.conflicting-fields': 'fields that cannot be given together (two elicitation formats, a fit and its parameters)',
  'dist.missing-field': 'a field the distribution family needs',
  'dist.invalid-parameter': 'a distribution parameter out of its range (a negative sd, min ≥ max, bad weights, …)',
  'dist.invalid-interval': 'a ci90/ci80/ci50 that is not an interval [low, high] of finite numbers',
  'dist.invalid-quantiles': 'stated quantiles that are malformed (probabilities outside (0, 1), too few or too many, not rising)',
  'dist.fit-failed': 'no distribution of the family matches the stated interval or quantiles',
  // Formulas
  'expr.empty': 'an empty formula',
  'expr.too-long': 'a formula longer than the limit',
  'expr.too-deep': 'a formula nesting parentheses, calls or operators deeper than the limit',
  'expr.forbidden-character': 'a character that never belongs in a formula (quotes, brackets, non-ASCII, control characters, …)',
  'expr.forbidden-operator': 'a JavaScript operator that is not part of the language (===, &&, !, **, =, ?:, …)',
  'expr.unbalanced-parentheses': 'a ( without its ) or a ) without its (',
  'expr.number-too-large': 'a number literal too large to be finite',
  'expr.not-finite': 'a value in the YAML that is not a finite number (.inf, .nan)',
  'expr.bad-value': 'a field that should hold a number, true/false or a formula holds something else',
  'expr.syntax': 'a formula that cannot be read (a missing value, a stray token, chained comparisons, …)',
  'expr.not-allowed': 'a construct outside the language (member access, `this`, calling a call, literals other than numbers)',
  'expr.unknown-function': 'a call of a name that is not a built-in function',
  'expr.arity': 'a built-in function called with the wrong number of arguments',
  'expr.type-mismatch': 'a number where a condition is needed or the other way round',
  // Scenarios and overrides
  'scenario.too-many': 'more scenarios than the limit',
  'scenario.invalid-name': 'a scenario name that is not lowercase snake_case, or is `baseline`',
  'scenario.unknown': 'a scenario named (by --scenario or the headline) that the config does not have',
  'override.bad-path': 'a --set or set: path that is not section.node.field',
  'override.unknown-node': 'an override path naming a node the config does not have',
  'override.unknown-field': 'an override path naming a field the section does not have',
  // Proofs and faults found by validate or while running
  'model.outcomes-overlap': 'two outcomes can hold in one trial (proven from the formulas)',
  'model.outcomes-gap': 'no outcome holds in some trials, and there is no `otherwise` (proven from the formulas)',
  'model.probability-always-outside': 'an event\'s probability is outside [0, 1] for every parameter value (proven)',
  'model.not-exclusive': 'in a trial, several outcomes held at once or none did',
  'model.probability-range': 'in a trial, an event\'s probability came out below 0 or above 1',
  'model.probability-nan': 'in a trial, an event\'s probability was not a number (NaN)',
  'model.nan-comparison': 'in a trial, a comparison met an operand that was not a number (NaN)',
  // Command-line flags and arguments
  'flag.invalid-number': 'a numeric flag that is not a whole number, or is out of its range',
  'flag.invalid-value': 'a flag value that is not one the flag takes (--format, --precision, …)',
  'flag.conflict': 'flags that cannot be combined, or a flag that needs another',
  'flag.wrong-count': 'a repeatable flag given too few or too many times',
  'flag.unknown-name': 'a flag naming an outcome, column or run that does not exist',
  'cli.argument-count': 'too few or too many files on the command line',
  'sweep.bad-axis': 'a --vary axis that is not PATH=FROM:TO:STEPS or PATH=v1,v2,…',
  'sweep.too-large': 'a sweep grid above the point limit',
  'given.never-held': 'the --given condition held in no trial',
  'sample.too-large': 'a sample export above the row limit',
  // Runs files (riskchain batch)
  'batch.bad-csv': 'the runs file is not valid CSV',
  'batch.empty': 'the runs file is empty',
  'batch.bad-header': 'the runs file\'s header is wrong (first column, an empty or repeated column)',
  'batch.bad-row': 'a row of the runs file has the wrong number of cells',
  'batch.bad-name': 'a run without a name, named `baseline`, or named twice',
  'batch.bad-cell': 'a cell that is not a valid value',
  'batch.run-count': 'a runs file with a header but no runs, or more runs than the limit',
  // Writing outputs
  'io.bad-output-path': 'an output path that is empty, names a folder, is too long, or is in a folder that cannot be made',
  'io.not-writable': 'the output folder or file cannot be written (permissions, a read-only place)',
  'io.would-overwrite-input': 'an output path that is one of the command\'s inputs',
  'io.locked': 'another riskchain process is writing the same output right now',
  'io.no-space': 'the disk is full',
  'io.quota': 'the disk quota is exceeded',
  'io.read-only': 'the file system is read-only',
  'io.disk-failure': 'the file system failed while writing (file too large for it, an I/O error)',
} as const satisfies Record<string, string>;

/** A stable identifier of a kind of user mistake; TypeScript refuses any code not in the table. */
export type ErrorCode = keyof typeof ERROR_CODES;
