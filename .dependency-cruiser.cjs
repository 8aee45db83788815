// The project's layers, checked in `npm test` (`npm run lint:layers`): data flows one way, sources → validation →
// loading (warehouse, core) → marts → publish → contract ← site; the products (note, slides, template) read the
// contract, never the site or the warehouse. A rule broken here names the two files.
const LIBRARY = '^pipeline/(?!cli/)';
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'pipeline-not-site',
      comment: 'The pipeline does not import the site: what both need is in pipeline/contract.',
      severity: 'error',
      from: { path: '^pipeline/' },
      to: { path: '^src/' },
    },
    {
      name: 'site-only-contract',
      comment: 'The site imports nothing of the pipeline but the contract (src/contract is a link to it).',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^pipeline/', pathNot: '^pipeline/contract/' },
    },
    {
      name: 'contract-is-a-leaf',
      comment: 'The contract imports nothing of the pipeline or the site.',
      severity: 'error',
      from: { path: '^pipeline/contract/' },
      to: { path: '^(pipeline/|src/)', pathNot: '^pipeline/contract/' },
    },
    {
      name: 'commands-are-thin',
      comment: 'Library code does not import a command: commands parse, call and exit.',
      severity: 'error',
      from: { path: LIBRARY },
      to: { path: '^pipeline/cli/' },
    },
    {
      name: 'reference-is-a-base',
      comment: 'The reference (and its findings and ИНН rules) imports no later stage.',
      severity: 'error',
      from: { path: '^pipeline/reference/' },
      to: { path: '^pipeline/(sources|validation|loading|core|marts|publish|note|slides|template|registry|site)/' },
    },
    {
      name: 'sources-before-validation',
      comment: 'Readers and fetchers give raw rows; validation, loading and what follows are later stages.',
      severity: 'error',
      from: { path: '^pipeline/sources/' },
      to: { path: '^pipeline/(validation|loading|core|marts|publish|note|slides|template|site)/' },
    },
    {
      name: 'validation-before-loading',
      severity: 'error',
      from: { path: '^pipeline/validation/' },
      to: { path: '^pipeline/(loading|core|marts|publish|note|slides|template|site)/' },
    },
    {
      name: 'loading-before-marts',
      severity: 'error',
      from: { path: '^pipeline/(loading|core)/' },
      to: { path: '^pipeline/(marts|publish|note|slides|template|site)/' },
    },
    {
      name: 'marts-before-publish',
      severity: 'error',
      from: { path: '^pipeline/marts/' },
      to: { path: '^pipeline/(sources|validation|loading|publish|note|slides|template|site)/' },
    },
    {
      name: 'publish-reads-marts-only',
      severity: 'error',
      from: { path: '^pipeline/publish/' },
      to: { path: '^pipeline/(sources|validation|loading|core|note|slides|template|site)/' },
    },
    {
      name: 'products-read-the-contract',
      comment:
        'The note, the slides and the releases read the published snapshot (and the reference), not the warehouse.',
      severity: 'error',
      from: { path: '^pipeline/(note|slides|release)/' },
      to: { path: '^pipeline/(sources|validation|loading|core|marts|publish|warehouse)/|^pipeline/run-pipeline\\.ts$' },
    },
    {
      name: 'template-writes-what-readers-read',
      comment:
        "The blank forms take their layout and labels from the readers' own definitions, nothing else of sources.",
      severity: 'error',
      from: { path: '^pipeline/template/' },
      to: {
        path: '^pipeline/(sources|validation|loading|core|marts|publish|warehouse)/',
        pathNot: '^pipeline/sources/(form-layout|context-labels|contingent)\\.ts$',
      },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|dist|\\.observablehq)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.mjs'] },
    moduleSystems: ['es6'],
  },
};
